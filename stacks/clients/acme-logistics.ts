/**
 * Acme Logistics: a partner's order sync, signing its own tokens with RSA (the recommended method).
 * Owner: partner-integrations. Example client: shows RSA keys, a key per environment, IP rules, dates,
 * and collections that differ per environment.
 */
import type { ClientDeclaration } from '../api-catalog';
import { demoKeyHash, demoPublicKey } from '../app/demo-material';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

const acmeLogistics: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'acme-logistics', {
    description: 'Acme Logistics order sync: places orders and reads invoices every few minutes',
    owner: 'team-partner-integrations',
    // The partner's public key as they sent it. Several during a rotation: add the new one, remove the
    // old one once the partner has switched.
    auth: ClientAuth.rsa({ publicKeys: [demoPublicKey('acme-logistics')] }),
    policy: policies.standard,
    collections: [collections.orders, collections.invoices, collections.health],
    tokens: { maxLifetimeSeconds: 3600 },
    // In production the partner only places and reads orders; staging also lets it try invoices.
    perEnvironment: { production: { collections: [collections.orders, collections.health] } },
  });

  // The key the local run uses (it serves staging). Loopback only; 127.0.0.66 is blocked to show a 403
  // (curl --interface 127.0.0.66 ...).
  new ApiKey(scope, 'acme-logistics-prod', {
    client,
    environment: 'staging',
    tokenHash: demoKeyHash('acme-logistics-prod'),
    allowedIps: ['127.0.0.0/8', '::1'],
    blockedIps: ['127.0.0.66'],
  });

  // A production key as a real pull request adds it: only the hash of a token minted with
  // `node bin/gatehouse.js keys new`, the partner's egress range, and a date after which it stops working.
  // It belongs to production alone: the same token never opens staging.
  new ApiKey(scope, 'acme-logistics-dr-site', {
    client,
    environment: 'production',
    tokenHash: 'sha256:ea47299b51c84ebb0be651b7e710da45e9ca6e196d107e0ec631f7499cbbd136',
    allowedIps: ['198.51.100.0/24', '2001:db8:ac3e::/48'],
    blockedIps: ['198.51.100.13'],
    notAfter: '2027-12-31',
    description: 'Disaster-recovery site; retire with the 2027 contract',
  });
};

export default acmeLogistics;
