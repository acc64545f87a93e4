/**
 * The decision for HTTP API events: the same steps as for REST, with the route judged as a whole (an
 * HTTP API caches the answer per route), and events the authorizer cannot read refused before anything.
 */
import type { Trace } from '../../lambda/decision';
import { authorizerHarness } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { httpApiEvent } from '../support/http-api-events';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

const pair = rsaKeyPair();
const API = ['GET /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /orders/{id}/invoices', 'ANY /files/{proxy+}', 'GET /health'];

async function harness(routes: string[], options: { allowedIps?: string[] } = {}) {
  const key = testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] }, routes, apiRoutes: API, ...options });
  const { decide } = authorizerHarness([key.record]);
  const authorization = bearer(signRs256(pair.privateKey, freshClaims({ 'https://gatehouse.dev/sub': key.token })));
  return { decide, authorization };
}

describe('HTTP API routes are decided as a whole', () => {
  it.each([
    [['GET /orders/{id}'], 'GET /orders/{id}', 'allow', 'ok'],
    [['GET /{proxy+}'], 'GET /orders/{id}', 'allow', 'ok'],
    [['GET /orders/42'], 'GET /orders/{id}', 'deny', 'route_partly_in_collections'],
    [['GET /orders/{id}'], 'ANY /orders/{id}', 'deny', 'route_partly_in_collections'],
    [['GET /orders'], 'GET /orders/{id}', 'deny', 'route_not_in_collections'],
    [['GET /health'], '$default', 'deny', 'route_partly_in_collections'],
  ])('grants %j on route %s: %s (%s)', async (routes, routeKey, outcome, reason) => {
    const { decide, authorization } = await harness(routes);
    // The request itself is granted in every case: the route's other requests decide.
    const decision = await decide(httpApiEvent({ authorization, routeKey, path: routeKey === '$default' ? '/health' : '/orders/42' }));
    expect([decision.outcome, decision.reason]).toEqual([outcome, reason]);
  });

  it('names the route in the trace', async () => {
    const { decide, authorization } = await harness(['GET /orders/{id}']);
    const trace: Trace = [];
    await decide(httpApiEvent({ authorization }), trace);
    expect(trace.at(-1)).toEqual({ step: 'routes', verdict: 'pass', detail: 'route GET /orders/{id} is wholly in the client\'s collections' });
  });

  it('decides the same client per request on a REST API', async () => {
    const { decide, authorization } = await harness(['GET /orders/42']);
    expect((await decide(authorizerEvent({ authorization, path: '/orders/42' }))).outcome).toBe('allow');
  });

  it('applies IP rules to requestContext.http.sourceIp', async () => {
    const { decide, authorization } = await harness(['GET /orders/{id}'], { allowedIps: ['198.51.100.0/24'] });
    expect((await decide(httpApiEvent({ authorization, sourceIp: '198.51.100.9' }))).reason).toBe('ok');
    expect((await decide(httpApiEvent({ authorization, sourceIp: '203.0.113.9' }))).reason).toBe('ip_not_allowed');
  });
});

describe('events refused before anything else', () => {
  it.each([
    ['a TOKEN event', 'event_unsupported', { type: 'TOKEN', authorizationToken: 'x', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders' }],
    ['null', 'event_unsupported', null],
    ['payload 2.0 with a route key no API defines', 'route_key_invalid', { ...httpApiEvent({}), routeKey: 'GET orders' }],
    ['payload 2.0 without a route key', 'route_key_invalid', { ...httpApiEvent({}), routeKey: undefined, requestContext: {} }],
    ['payload 2.0 with a wildcard route ARN', 'method_arn_invalid', { ...httpApiEvent({}), routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:httpapi123/*/GET/orders/42' }],
  ])('%s: 500 %s', async (_, reason, event) => {
    const { decide, authorization } = await harness(['GET /orders/{id}']);
    const withToken = event && typeof event === 'object' ? { ...event, headers: { authorization } } : event;
    const decision = await decide(withToken);
    expect([decision.outcome, decision.reason]).toEqual(['error', reason]);
  });
});
