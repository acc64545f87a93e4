import { requestFromEvent } from '../../lambda/api-gateway-event';
import type { FullDecision } from '../../lambda/authorizer';
import { decisionLogLine } from '../../lambda/decision-log';
import { authorizerEvent } from '../support/events';
import { testKey } from '../support/records';

describe('the decision log line', () => {
  it('is one JSON object with outcome, status, reason, and who, never the key or the token', () => {
    const { token, record } = testKey({ auth: { method: 'hmac', secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] } });
    const bearer = `Bearer eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ gatehouse_sub: token })).toString('base64url')}.c2ln`;
    const request = requestFromEvent(authorizerEvent({ authorization: bearer, sourceIp: '203.0.113.9', path: '/orders/7' }));
    const line = decisionLogLine({ outcome: 'deny', reason: 'ip_blocked', detail: '203.0.113.9 is blocked', record, keySource: 'payload:gatehouse_sub', subject: 'svc', recordCache: 'hit' } as FullDecision, request, 0.4567);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      level: 'warn',
      event: 'gatehouse.decision',
      outcome: 'deny',
      status: 403,
      reason: 'ip_blocked',
      detail: '203.0.113.9 is blocked',
      client: 'acme',
      key: 'primary',
      keyHash: `${record.keyHash.slice(0, 16)}…`,
      authMethod: 'hmac',
      keySource: 'payload:gatehouse_sub',
      subject: 'svc',
      sourceIp: '203.0.113.9',
      resource: 'GET/orders/7',
      requestId: 'req-0001',
      recordCache: 'hit',
      durationMs: 0.46,
    });
    expect(line).not.toContain(token);
    expect(line).not.toContain(bearer.slice(7));
  });

  it('cuts an unverified subject short', () => {
    const request = requestFromEvent(authorizerEvent({}));
    const line = JSON.parse(decisionLogLine({ outcome: 'unauthorized', reason: 'signature_invalid', detail: 'x', subject: 's'.repeat(5000) }, request, 1));
    expect(line.subject).toBe(`${'s'.repeat(128)}…`);
  });

  it('logs errors at level error and allows at info', () => {
    const request = requestFromEvent(authorizerEvent({}));
    expect(JSON.parse(decisionLogLine({ outcome: 'error', reason: 'store_unavailable', detail: 'x' }, request, 1)).level).toBe('error');
    expect(JSON.parse(decisionLogLine({ outcome: 'allow', reason: 'ok', detail: 'x' }, request, 1))).toMatchObject({ level: 'info', status: 200 });
  });
});
