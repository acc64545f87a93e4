/**
 * What API Gateway does with the authorizer's answer is Gatehouse's behaviour too. Through the built
 * bundle over dynalite, behind the local gateway (which routes, caches per identity source and evaluates
 * policies as API Gateway does, with IAM's rules): a result never lets a client reach more than its
 * collections, whichever route asked first, whichever header spelling, whatever the path holds.
 */
import { invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { authorizerEvent } from '../support/events';
import { type GatewayOverDynalite, startGatewayOverDynalite } from '../support/gateway-over-dynalite';
import { rawRequest } from '../support/raw-http';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';
import { TEST_API_ROUTES } from '../support/api';

const API = [...TEST_API_ROUTES, 'DELETE /orders/{id}/health', 'GET /request'];
const client = rsaKeyPair();
const other = rsaKeyPair();
let partner: ReturnType<typeof testKey>;
let mismatched: ReturnType<typeof testKey>;
let compatible: ReturnType<typeof testKey>;
let env: GatewayOverDynalite;

beforeAll(async () => {
  const auth = { method: 'rsa' as const, publicKeys: [await rsaKeyRecord(client.publicKey)] };
  partner = testKey({ client: 'partner', auth, routes: ['GET /orders/{id}', '* /health', 'GET /request'], apiRoutes: API });
  // An item pairing one key's members with another key's thumbprint.
  const [own] = auth.publicKeys;
  const foreign = await rsaKeyRecord(other.publicKey);
  mismatched = testKey({ client: 'mismatched', auth: { method: 'rsa', publicKeys: [{ ...own!, thumbprint: foreign.thumbprint }] }, apiRoutes: API });
  compatible = testKey({ client: 'compatible', key: 'ipv6', auth, blockedIps: ['::1.2.3.4'], allowedIps: ['::/0'], routes: ['GET /orders/{id}'], apiRoutes: API });
  env = await startGatewayOverDynalite([partner.record, mismatched.record, compatible.record], { routes: API });
}, 60_000);

afterAll(() => env?.close());

const tokenFor = (key: { token: string }, claims: Record<string, unknown> = {}, signer = client.privateKey) => signRs256(signer, freshClaims({ 'https://gatehouse.dev/sub': key.token, ...claims }));

async function call(method: string, path: string, authorization?: string) {
  const response = await fetch(`${env.gateway.url}${path}`, { method, headers: authorization ? { authorization } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const lastDecision = () => env.decisions[env.decisions.length - 1] as Record<string, unknown>;

describe('a cached result is right for every route', () => {
  it('a one-segment grant reaches neither nested resources nor same-named ones elsewhere, decided or from the cache', async () => {
    const authorization = bearer(tokenFor(partner, { jti: 'nested' }));
    expect((await call('GET', '/orders/42', authorization)).status).toBe(200);
    const calls = env.gateway.authorizerCalls();
    expect(await call('GET', '/orders/42/invoices/7', authorization)).toEqual({ status: 403, body: { message: 'Forbidden', reason: 'route_not_in_collections' } });
    expect((await call('GET', '/orders/42/health', authorization)).status).toBe(403);
    expect((await call('DELETE', '/orders/42/health', authorization)).status).toBe(403);
    expect((await call('GET', '/health', authorization)).status).toBe(200);
    expect(env.gateway.authorizerCalls()).toBe(calls); // every answer above came from the cached result
  });

  it('a 403 served from a cached allow names the route as the reason, not "ok"', async () => {
    const authorization = bearer(tokenFor(partner, { jti: 'cached-reason' }));
    expect((await call('GET', '/orders/7', authorization)).status).toBe(200);
    expect(await call('DELETE', '/orders/7', authorization)).toEqual({ status: 403, body: { message: 'Forbidden', reason: 'route_not_in_collections' } });
  });
});

describe('one Authorization value, or none', () => {
  it.each([
    ['junk first, in lower case', (valid: string) => [['authorization', 'Bearer junk'], ['Authorization', valid]] as const],
    ['junk last', (valid: string) => [['Authorization', valid], ['AUTHORIZATION', 'Bearer junk']] as const],
    ['the same value twice', (valid: string) => [['Authorization', valid], ['authorization', valid]] as const],
  ])('refuses two values (%s) with 401, and the junk alone stays refused', async (_, headers) => {
    const valid = bearer(tokenFor(partner, { jti: `two-${_}` }));
    const response = await rawRequest(env.gateway.url, 'GET', '/orders/1', headers(valid));
    expect(response.status).toBe(401);
    expect(lastDecision()).toMatchObject({ status: 401, reason: 'authorization_ambiguous' });
    expect((await rawRequest(env.gateway.url, 'GET', '/orders/1', [['authorization', 'Bearer junk']])).status).toBe(401);
  });
});

describe('every legal path is decided, none answers 500', () => {
  it.each(['/orders/2025-01-01T10:00:00Z', '/orders/a:b', '/orders/a%20b', '/orders/%E2%9C%93'])('allows a genuine client on %s', async (path) => {
    const response = await call('GET', path, bearer(tokenFor(partner, { jti: `path-${path}` })));
    expect(response.status).toBe(200);
  });

  it('refuses a path holding IAM wildcard characters, denying only the request\'s own API and stage', async () => {
    const answer = await invokeAuthorizer(env.handler, authorizerEvent({ authorization: bearer(tokenFor(partner)), path: '/orders/*' }));
    expect(answer.status).toBe(403);
    expect(lastDecision()).toMatchObject({ reason: 'request_path_unsupported' });
    expect(answer.result?.policyDocument.Statement).toEqual([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*' }]);
  });

  it('fails closed on a method ARN with wildcard API, stage or method', async () => {
    for (const methodArn of ['arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/*/GET/orders/1', 'arn:aws:execute-api:eu-west-1:123456789012:*/prod/GET/orders/1', 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*/orders/1']) {
      const answer = await invokeAuthorizer(env.handler, { ...authorizerEvent({ authorization: bearer(tokenFor(partner)) }), methodArn });
      expect([answer.status, lastDecision().reason]).toEqual([500, 'method_arn_invalid']);
    }
  });
});

describe('what the token says stays out of logs and context when it holds a key', () => {
  it.each([['svc/', ''], ['', ' '], ['x', 'y']])('redacts a key inside sub (%j + key + %j)', async (before, after) => {
    const sub = `${before}${partner.token}${after}`;
    const response = await call('GET', '/orders/1', bearer(tokenFor(partner, { sub, jti: `sub-${before}${after}` })));
    expect(response.status).toBe(200);
    expect(response.body.subject).toBe(`${before}<api key>${after}`);
    expect(JSON.stringify(env.decisions)).not.toContain(partner.token);
  });
});

describe('bindings and key material the authorizer cannot check are refused', () => {
  it.each([
    ['a DPoP key thumbprint (cnf.jkt)', { jkt: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' }],
    ['an embedded key (cnf.jwk)', { jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }],
    ['a certificate binding plus a key binding', { 'x5t#S256': 'abc', jkt: 'def' }],
    ['an empty confirmation', {}],
  ])('refuses a token bound by %s with 401', async (_, cnf) => {
    expect((await call('GET', '/orders/1', bearer(tokenFor(partner, { cnf, jti: `cnf-${_}` })))).status).toBe(401);
    expect(lastDecision()).toMatchObject({ reason: 'token_binding_unsupported' });
  });

  it('computes a public key\'s thumbprint from the key, failing closed on an item that pairs it with another', async () => {
    expect((await call('GET', '/orders/1', bearer(tokenFor(mismatched)))).status).toBe(500);
    expect(lastDecision()).toMatchObject({ reason: 'record_invalid' });
  });
});

describe('IP rules read every spelling of an address the same way', () => {
  const decide = (sourceIp: string) => invokeAuthorizer(env.handler, authorizerEvent({ authorization: bearer(tokenFor(compatible)), path: '/orders/1', sourceIp }));
  it('blocks the IPv4-compatible address ::1.2.3.4 in its hex spelling too', async () => {
    expect((await decide('::102:304')).status).toBe(403);
    expect(lastDecision()).toMatchObject({ reason: 'ip_blocked' });
    expect((await decide('::1.2.3.4')).status).toBe(403);
    expect((await decide('::1.2.3.5')).status).toBe(200);
  });
});
