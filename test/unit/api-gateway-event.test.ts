import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { requestFromEvent, resultForApiGateway } from '../../lambda/api-gateway-event';
import type { AuthorizationRequest, FullDecision } from '../../lambda/authorizer';
import { parseMethodArn } from '../../lambda/method-arn';
import { parseRouteKey } from '../../record/http-api-routes';
import { authorizerEvent } from '../support/events';
import { HTTP_API_ARN_BASE, httpApiEvent } from '../support/http-api-events';

const SIMPLE = { httpApiSimpleResponses: true };
const POLICY = { httpApiSimpleResponses: false };

describe('REST API REQUEST events', () => {
  it('finds the Authorization header in any case, and every value of it', () => {
    const base = authorizerEvent({});
    const withHeaders = (headers: Record<string, string>, multiValueHeaders: Record<string, string[]> | null) => ({ ...base, headers, multiValueHeaders }) as APIGatewayRequestAuthorizerEvent;
    expect(requestFromEvent(withHeaders({ authorization: 'Bearer a' }, null)).authorization).toEqual(['Bearer a']);
    expect(requestFromEvent(withHeaders({ AUTHORIZATION: 'Bearer b' }, null)).authorization).toEqual(['Bearer b']);
    expect(requestFromEvent(withHeaders({ Authorization: 'Bearer c' }, { Authorization: ['Bearer x', 'Bearer c'] })).authorization).toEqual(['Bearer x', 'Bearer c']);
    expect(requestFromEvent(withHeaders({}, {})).authorization).toEqual([]);
  });

  it('is recognised as REST: no version, no route key', () => {
    expect(requestFromEvent(authorizerEvent({}))).toMatchObject({ format: 'rest', unsupported: undefined, routeKey: undefined });
  });

  it('takes the source address from the request context, never from a forwarded header', () => {
    const event = authorizerEvent({ sourceIp: '198.51.100.7' });
    event.headers = { ...event.headers, 'X-Forwarded-For': '10.0.0.1' };
    expect(requestFromEvent(event).sourceIp).toBe('198.51.100.7');
  });

  it('passes the client certificate on when there is one', () => {
    expect(requestFromEvent(authorizerEvent({ clientCertPem: 'PEM' })).clientCertificate).toEqual({ clientCertPem: 'PEM' });
    expect(requestFromEvent(authorizerEvent({})).clientCertificate).toBeUndefined();
  });
});

describe('events the authorizer does not decide', () => {
  it.each([
    ['null', null],
    ['a string', 'REQUEST'],
    ['an array', [{ type: 'REQUEST' }]],
    ['a TOKEN authorizer event', { type: 'TOKEN', authorizationToken: 'Bearer x', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders' }],
    ['no type', { methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders' }],
    ['an unknown payload version', { ...authorizerEvent({}), version: '3.0' }],
    ['a version given as a number', { ...authorizerEvent({}), version: 2 }],
    ['payload 2.0 without a route ARN', { ...httpApiEvent({}), routeArn: undefined }],
  ])('marks %s as unsupported', (_, event) => {
    expect(requestFromEvent(event).unsupported).toEqual(expect.any(String));
  });
});

describe('HTTP API payload 2.0 events', () => {
  it('reads the route ARN, the route key and the address from requestContext.http', () => {
    const event = httpApiEvent({ sourceIp: '198.51.100.8', routeKey: 'DELETE /orders/{id}', method: 'DELETE' });
    (event.requestContext as unknown as Record<string, unknown>).identity = { sourceIp: '10.9.9.9' };
    const request = requestFromEvent({ ...event, headers: { ...event.headers, 'x-forwarded-for': '10.0.0.1' } });
    expect(request).toMatchObject({ format: 'http-2.0', sourceIp: '198.51.100.8', routeKey: 'DELETE /orders/{id}', methodArn: `${HTTP_API_ARN_BASE}DELETE/orders/42` });
  });

  it('takes each comma of a joined Authorization header as a second value, so several are refused', () => {
    expect(requestFromEvent(httpApiEvent({ authorization: 'Bearer a.b.c' })).authorization).toEqual(['Bearer a.b.c']);
    expect(requestFromEvent(httpApiEvent({ authorization: ['Bearer a.b.c', 'Bearer d.e.f'] })).authorization).toEqual(['Bearer a.b.c', 'Bearer d.e.f']);
    expect(requestFromEvent({ ...httpApiEvent({}), headers: { authorization: 'Bearer a.b.c, Bearer d.e.f' } }).authorization).toHaveLength(2);
    expect(requestFromEvent({ ...httpApiEvent({}), headers: { Authorization: 'Bearer x', authorization: 'Bearer y' } }).authorization).toEqual(['Bearer x', 'Bearer y']);
  });

  it('passes on the client certificate of requestContext.authentication', () => {
    const event = httpApiEvent({});
    (event.requestContext as unknown as Record<string, unknown>).authentication = { clientCert: { clientCertPem: 'PEM' } };
    expect(requestFromEvent(event).clientCertificate).toEqual({ clientCertPem: 'PEM' });
  });
});

describe('HTTP API payload 1.0 events', () => {
  const v1 = (requestContext: Record<string, unknown>) => ({ ...authorizerEvent({ authorization: 'Bearer a.b.c' }), version: '1.0', requestContext: { ...authorizerEvent({}).requestContext, ...requestContext } });

  it('read the route key from requestContext.routeKey, else resourceId', () => {
    expect(requestFromEvent(v1({ resourceId: 'ANY /request' }))).toMatchObject({ format: 'http-1.0', routeKey: 'ANY /request' });
    expect(requestFromEvent(v1({ routeKey: 'GET /orders', resourceId: 'ANY /request' })).routeKey).toBe('GET /orders');
  });

  it('split a joined Authorization value as payload 2.0 does', () => {
    expect(requestFromEvent({ ...v1({}), headers: { Authorization: 'Bearer a,Bearer b' }, multiValueHeaders: undefined }).authorization).toHaveLength(2);
  });
});

describe('answers in the format the API expects', () => {
  const arn = parseMethodArn(`${HTTP_API_ARN_BASE}GET/orders/42`)!;
  const route = (key: string) => (parseRouteKey(key) as { ok: true; value: NonNullable<FullDecision['route']> }).value;
  const http2: AuthorizationRequest = { format: 'http-2.0', authorization: [], sourceIp: '203.0.113.10', methodArn: `${HTTP_API_ARN_BASE}GET/orders/42` };
  const allow: FullDecision = { outcome: 'allow', reason: 'ok', detail: '', arn, route: route('GET /orders/{id}') };
  const deny: FullDecision = { outcome: 'deny', reason: 'ip_blocked', detail: '', arn, route: route('GET /orders/{id}') };

  it('throws Unauthorized for 401s and another error for 500s, whatever the format', () => {
    for (const request of [{ ...http2, format: 'rest' as const }, http2]) {
      expect(() => resultForApiGateway({ outcome: 'unauthorized', reason: 'signature_invalid', detail: '' }, request, SIMPLE)).toThrow(/^Unauthorized$/);
      expect(() => resultForApiGateway({ outcome: 'error', reason: 'event_unsupported', detail: '' }, request, SIMPLE)).toThrow(/failed closed: event_unsupported/);
    }
  });

  it('answers payload 2.0 with simple responses when they are on', () => {
    expect(resultForApiGateway(allow, http2, SIMPLE)).toEqual({ isAuthorized: true, context: { reason: 'ok' } });
    expect(resultForApiGateway(deny, http2, SIMPLE)).toEqual({ isAuthorized: false, context: { reason: 'ip_blocked', denyReason: 'ip_blocked' } });
  });

  it('answers payload 2.0 without simple responses, and payload 1.0 always, with a policy for the route and no usage key', () => {
    for (const request of [http2, { ...http2, format: 'http-1.0' as const }]) {
      expect(resultForApiGateway(allow, request, request.format === 'http-1.0' ? SIMPLE : POLICY)).toEqual({
        principalId: 'unknown',
        context: { reason: 'ok' },
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${HTTP_API_ARN_BASE}GET/orders/*` }] },
      });
    }
    expect(resultForApiGateway(deny, http2, POLICY)).toMatchObject({ policyDocument: { Statement: [{ Effect: 'Deny', Resource: `${HTTP_API_ARN_BASE}*` }] } });
  });

  it('names ANY as every method, and $default as the whole stage', () => {
    const resource = (key: string) => (resultForApiGateway({ ...allow, route: route(key) }, http2, POLICY) as { policyDocument: { Statement: { Resource: string }[] } }).policyDocument.Statement[0]?.Resource;
    expect(resource('ANY /files/{proxy+}')).toBe(`${HTTP_API_ARN_BASE}*/files/*`);
    expect(resource('GET /')).toBe(`${HTTP_API_ARN_BASE}GET/`);
    expect(resource('$default')).toBe(`${HTTP_API_ARN_BASE}*`);
  });
});
