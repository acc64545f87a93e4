/**
 * Northwind: a customer whose machines get tokens from Northwind's own identity provider (client
 * credentials), which puts the API key in a namespaced claim. Owner: team-partner-integrations.
 * Example client: shows an OIDC client. The local run points it at its own provider on 127.0.0.1.
 */
import type { ClientDeclaration } from '../api-catalog';
import { demoKeyHash } from '../app/demo-material';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

export const NORTHWIND_AUDIENCE = 'api://gatehouse-demo';

const northwind: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'northwind-idp', {
    description: 'Northwind warehouse robots, authenticated by Northwind\'s identity provider',
    owner: 'team-partner-integrations',
    auth: ClientAuth.oidc({
      discoveryUrl: process.env.GATEHOUSE_DEMO_OIDC_DISCOVERY_URL ?? 'https://login.northwind.example/oauth2/default/.well-known/openid-configuration',
      audience: NORTHWIND_AUDIENCE,
    }),
    policy: policies.standard,
    collections: [collections.ordersReadOnly],
  });
  new ApiKey(scope, 'northwind-idp-main', { client, environment: 'staging', tokenHash: demoKeyHash('northwind-idp-main') });
};

export default northwind;
