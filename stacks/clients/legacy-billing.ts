/**
 * Legacy billing: an older internal tool that can only sign HS256. Owner: team-billing.
 * Example client: shows an HMAC client (deprecated; synth warns) whose secret lives in Secrets Manager.
 */
import type { ClientDeclaration } from '../api-catalog';
import { DEMO_HMAC_SECRET_ARN, demoKeyHash } from '../app/demo-material';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../gatehouse';

const legacyBilling: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'legacy-billing', {
    description: 'Nightly billing export; migrating to RSA in Q3',
    owner: 'team-billing',
    auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(DEMO_HMAC_SECRET_ARN)] }),
    policy: policies.standard,
    collections: [collections.invoices],
  });
  new ApiKey(scope, 'legacy-billing-main', { client, environment: 'staging', tokenHash: demoKeyHash('legacy-billing-main') });
};

export default legacyBilling;
