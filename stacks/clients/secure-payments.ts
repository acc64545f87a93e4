/**
 * Secure Payments: a payment processor that must present its client certificate on the mutual-TLS
 * domain, and whose tokens are bound to that certificate (RFC 8705 `cnf`). Owner: team-payments.
 * Example client: shows mutual TLS. Locally: https://127.0.0.1:3443 (see README).
 */
import type { ClientDeclaration } from '../api-catalog';
import { demoClientCertificate, demoKeyHash, demoPublicKey } from '../app/demo-material';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

const securePayments: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'secure-payments', {
    description: 'Card settlement batches from Secure Payments',
    owner: 'team-payments',
    auth: ClientAuth.rsa({ publicKeys: [demoPublicKey('secure-payments')] }),
    // The certificate the client presents; synth checks it chains to the platform's truststore.
    mtls: { certificates: [demoClientCertificate('secure-payments')] },
    policy: policies.standard,
    collections: [collections.orders],
  });
  new ApiKey(scope, 'secure-payments-main', { client, environment: 'staging', tokenHash: demoKeyHash('secure-payments-main') });
};

export default securePayments;
