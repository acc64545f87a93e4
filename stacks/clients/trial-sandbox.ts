/**
 * A prospect evaluating the API. Owner: team-developer-relations.
 * Example client: shows a tight access policy (1 request/s, burst 2), so the local run can show a 429,
 * and a client that exists in one environment only.
 */
import type { ClientDeclaration } from '../api-catalog';
import { demoKeyHash, demoPublicKey } from '../app/demo-material';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

const trialSandbox: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'trial-sandbox', {
    description: 'Evaluation access for prospects, read-only',
    owner: 'team-developer-relations',
    auth: ClientAuth.rsa({ publicKeys: [demoPublicKey('trial-sandbox')] }),
    policy: policies.trial,
    collections: [collections.ordersReadOnly, collections.health],
    // Prospects evaluate against staging only; the client does not exist in production.
    environments: ['staging'],
  });
  new ApiKey(scope, 'trial-sandbox-main', { client, environment: 'staging', tokenHash: demoKeyHash('trial-sandbox-main'), notAfter: '2030-01-01' });
};

export default trialSandbox;
