/**
 * What an HTTP API does with the authorizer's answer is Gatehouse's behaviour too. Through the built
 * bundle over dynalite, behind the local HTTP API gateway (HTTP API routing, identity sources
 * Authorization + address + route key, the answer cached per route, simple responses or an IAM policy
 * evaluated with IAM's rules): a client never reaches a request its collections do not grant, whichever
 * request asked first, and a cached answer never differs from a fresh decision.
 */
import fc from 'fast-check';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { type GatewayOverDynalite, startGatewayOverDynalite } from '../support/gateway-over-dynalite';
import { rawRequest } from '../support/raw-http';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

// The HTTP API's routes, with a catch-all; the records' REST policies are compiled against the platform's
// REST API, which has no catch-all (the HTTP API's decision never reads them).
const REST_ROUTES = ['GET /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /orders/{id}/invoices', 'GET /files/{proxy+}'];
const ROUTES = [...REST_ROUTES, 'ANY /{proxy+}'];
const client = rsaKeyPair();

async function keys() {
  const auth = { method: 'rsa' as const, publicKeys: [await rsaKeyRecord(client.publicKey)] };
  return {
    // Whole routes: GET /orders/{id}; every GET under /files. Part of a route: GET /orders/42.
    reader: testKey({ client: 'reader', key: 'reader-key', auth, routes: ['GET /orders/{id}', 'GET /files/{proxy+}'], apiRoutes: REST_ROUTES }),
    narrow: testKey({ client: 'narrow', key: 'narrow-key', auth, routes: ['GET /orders/42'], apiRoutes: REST_ROUTES }),
  };
}

let jti = 0;
const authorizationFor = (key: { token: string }) => bearer(signRs256(client.privateKey, freshClaims({ 'https://gatehouse.dev/sub': key.token, jti: `http-${jti++}` })));

/** The test's own reading of what a grant admits: a regular expression per granted route. */
const ADMITTED: Record<string, RegExp[]> = {
  reader: [/^GET \/orders\/[^/]+$/, /^GET \/files\/[^/]+(\/[^/]+)*$/],
  narrow: [/^GET \/orders\/42$/],
};
const REQUESTS = [
  ['GET', '/orders/42'],
  ['GET', '/orders/43'],
  ['DELETE', '/orders/42'],
  ['GET', '/orders/42/invoices'],
  ['GET', '/orders'],
  ['GET', '/files/a/b'],
  ['POST', '/files/a'],
  ['GET', '/health'],
] as const;

describe.each([
  ['simple responses', true],
  ['IAM policies', false],
])('an HTTP API whose authorizer answers with %s', (_, simpleResponses) => {
  let env: GatewayOverDynalite;
  let reader: ReturnType<typeof testKey>;
  let narrow: ReturnType<typeof testKey>;

  beforeAll(async () => {
    ({ reader, narrow } = await keys());
    env = await startGatewayOverDynalite([reader.record, narrow.record], { routes: REST_ROUTES, httpApi: { routes: ROUTES, simpleResponses } });
  }, 60_000);
  afterAll(() => env?.close());

  const url = () => env.httpApiGateway!.url;
  const call = async (method: string, path: string, authorization?: string) => {
    const response = await fetch(`${url()}${path}`, { method, headers: authorization ? { authorization } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const lastDecision = () => env.decisions[env.decisions.length - 1] as Record<string, unknown>;

  it('allows a wholly granted route, and serves its other requests from the cached answer', async () => {
    const authorization = authorizationFor(reader);
    const first = await call('GET', '/orders/42', authorization);
    expect(first).toMatchObject({ status: 200, body: { client: 'reader', route: 'GET /orders/{id}' } });
    const calls = env.httpApiGateway!.authorizerCalls();
    expect((await call('GET', '/orders/43', authorization)).status).toBe(200);
    expect(env.httpApiGateway!.authorizerCalls()).toBe(calls);
  });

  it('decides another route afresh: a cached allow never reaches it', async () => {
    const authorization = authorizationFor(reader);
    expect((await call('GET', '/orders/42', authorization)).status).toBe(200);
    const calls = env.httpApiGateway!.authorizerCalls();
    expect(await call('GET', '/orders/42/invoices', authorization)).toEqual({ status: 403, body: { message: 'Forbidden' } });
    expect(lastDecision()).toMatchObject({ reason: 'route_not_in_collections', client: 'reader' });
    // DELETE /orders/42 reaches DELETE /orders/{id}; POST /files/a falls through to ANY /{proxy+}.
    expect((await call('DELETE', '/orders/42', authorization)).status).toBe(403);
    expect((await call('POST', '/files/a', authorization)).status).toBe(403);
    expect(lastDecision()).toMatchObject({ reason: 'route_partly_in_collections' });
    expect(env.httpApiGateway!.authorizerCalls()).toBe(calls + 3);
  });

  it('refuses a route granted only in part, even for the request that is granted', async () => {
    expect((await call('GET', '/orders/42', authorizationFor(narrow))).status).toBe(403);
    expect(lastDecision()).toMatchObject({ reason: 'route_partly_in_collections', client: 'narrow' });
  });

  it('answers a request without an Authorization header 401, and one no route matches 404, without calling the authorizer', async () => {
    const calls = env.httpApiGateway!.authorizerCalls();
    expect(await call('GET', '/orders/42')).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(await call('GET', '/', authorizationFor(reader))).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect(env.httpApiGateway!.authorizerCalls()).toBe(calls);
  });

  it('refuses two Authorization headers, which arrive joined with a comma', async () => {
    const response = await rawRequest(url(), 'GET', '/orders/1', [['Authorization', authorizationFor(reader)], ['authorization', authorizationFor(reader)]]);
    expect(response.status).toBe(401);
    expect(lastDecision()).toMatchObject({ reason: 'authorization_ambiguous', detail: '2 Authorization values; send one' });
  });

  it('whichever request asks first, allows only what the grants admit, and a cached answer equals a fresh one', async () => {
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('reader', 'narrow'), fc.shuffledSubarray([...REQUESTS], { minLength: 3 }), async (name, requests) => {
        const key = name === 'reader' ? reader : narrow;
        const cachedAuthorization = authorizationFor(key);
        for (const [method, path] of requests) {
          const cached = (await call(method, path, cachedAuthorization)).status;
          const fresh = (await call(method, path, authorizationFor(key))).status;
          judged++;
          expect({ name, method, path, cached }).toEqual({ name, method, path, cached: fresh });
          if (cached === 200) expect(ADMITTED[name]!.some((regex) => regex.test(`${method} ${path}`))).toBe(true);
        }
      }),
      // fast-check prints the seed and path of a failure; FC_SEED replays it, FC_RUNS searches longer.
      { numRuns: Number(process.env.FC_RUNS ?? 12), seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(judged).toBeGreaterThan(30);
  }, 60_000);
});
