/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests and the local run. It issues
 * client-credentials access tokens as JWTs (typ at+jwt) for one audience, with each client's API key in
 * a claim, as an Okta or Auth0 tenant configured per the reference docs would.
 *
 * Runs in its own process: `tsx local/identity-provider/server.ts`, configured by the JSON in
 * GATEHOUSE_IDP_CONFIG. Protocol: one JSON line per event on stdout ({"event":"ready","issuer":...},
 * {"event":"keys","kids":[...]}); one JSON command per line on stdin:
 *   {"command":"rotate"}  sign with a new key, keep publishing the old ones
 *   {"command":"retire"}  stop publishing every key but the signing one
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface IdentityProviderConfig {
  readonly port: number;
  readonly audience: string;
  readonly alg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  readonly clients: readonly { readonly clientId: string; readonly clientSecret: string; readonly claims: Record<string, string> }[];
}

// stdout carries the protocol; everything the provider prints goes to stderr.
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
console.log = console.error;
console.info = console.error;
console.warn = console.error;

async function newKey(alg: IdentityProviderConfig['alg'], index: number): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  return { ...(await exportJWK(privateKey)), kid: `signing-key-${index}-${Date.now().toString(36)}`, alg, use: 'sig' };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.GATEHOUSE_IDP_CONFIG ?? '{}') as IdentityProviderConfig;
  const { default: Provider } = await import('oidc-provider');
  let keys: JWK[] = [await newKey(config.alg, 1)];
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => void response.writeHead(503).end();
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const claimsOf = new Map(config.clients.map((client) => [client.clientId, client.claims]));

  // The provider's key set is fixed at construction, so a rotation builds a new provider with the same
  // issuer and clients and swaps it in; tokens are self-contained JWTs, so nothing else is lost.
  const build = () => {
    const provider = new Provider(issuer, {
      clients: config.clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: config.alg,
      })),
      jwks: { keys },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => config.audience,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'orders:read', audience: config.audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: config.alg } } }),
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => claimsOf.get(token.clientId ?? ''),
      ttl: { ClientCredentials: 600 },
    });
    handle = provider.callback();
    emit({ event: 'keys', kids: keys.map((key) => key.kid) });
  };
  build();
  emit({ event: 'ready', issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration` });

  for await (const line of createInterface({ input: process.stdin })) {
    const { command } = JSON.parse(line) as { command: string };
    if (command === 'rotate') keys = [await newKey(config.alg, keys.length + 1), ...keys];
    else if (command === 'retire') keys = keys.slice(0, 1);
    build();
  }
  server.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
