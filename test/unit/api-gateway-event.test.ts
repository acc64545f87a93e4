import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { requestFromEvent, resultForApiGateway } from '../../lambda/api-gateway-event';
import { authorizerEvent } from '../support/events';

describe('API Gateway events in, results out', () => {
  it('finds the Authorization header in any case, and every value of it', () => {
    const base = authorizerEvent({});
    const withHeaders = (headers: Record<string, string>, multiValueHeaders: Record<string, string[]> | null) => ({ ...base, headers, multiValueHeaders }) as APIGatewayRequestAuthorizerEvent;
    expect(requestFromEvent(withHeaders({ authorization: 'Bearer a' }, null)).authorization).toEqual(['Bearer a']);
    expect(requestFromEvent(withHeaders({ AUTHORIZATION: 'Bearer b' }, null)).authorization).toEqual(['Bearer b']);
    expect(requestFromEvent(withHeaders({ Authorization: 'Bearer c' }, { Authorization: ['Bearer x', 'Bearer c'] })).authorization).toEqual(['Bearer x', 'Bearer c']);
    expect(requestFromEvent(withHeaders({}, {})).authorization).toEqual([]);
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

  it('throws Unauthorized for 401s and another error for 500s', () => {
    expect(() => resultForApiGateway({ outcome: 'unauthorized', reason: 'signature_invalid', detail: '' }, 'arn')).toThrow(/^Unauthorized$/);
    expect(() => resultForApiGateway({ outcome: 'error', reason: 'store_unavailable', detail: '' }, 'arn')).toThrow(/failed closed: store_unavailable/);
  });
});
