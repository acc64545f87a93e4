import { mintApiKeyToken } from '../../record/api-key-token';
import type { Trace } from '../../lambda/decision';
import { authorizerHarness } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { hmacSecret, rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { bearer, freshClaims, signHs256, signRs256 } from '../support/tokens';

const pair = rsaKeyPair();
const rotated = rsaKeyPair();
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-hmac-AbCdEf';
const secret = hmacSecret();

async function rsaKey(options: Partial<Parameters<typeof testKey>[0]> = {}) {
  return testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] }, ...options });
}

describe('authorizer decision', () => {
  it('allows an RS256 token with the key in the namespaced claim', async () => {
    const key = await rsaKey();
    const { decide } = authorizerHarness([key.record]);
    const token = signRs256(pair.privateKey, freshClaims({ 'https://gatehouse.dev/sub': key.token }));
    const decision = await decide(authorizerEvent({ authorization: bearer(token) }));
    expect([decision.reason, decision.outcome]).toEqual(['ok', 'allow']);
    expect(decision.subject).toBe('orders-sync');
    expect(decision.keySource).toBe('payload:https://gatehouse.dev/sub');
  });

  it('never reports a key carried in sub as the subject', async () => {
    const key = await rsaKey();
    const { decide } = authorizerHarness([key.record]);
    const decision = await decide(authorizerEvent({ authorization: bearer(signRs256(pair.privateKey, freshClaims({ sub: key.token }))) }));
    expect(decision.outcome).toBe('allow');
    expect(decision.subject).toBeUndefined();
  });

  it('accepts any of several registered public keys (rotation)', async () => {
    const key = testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey), await rsaKeyRecord(rotated.publicKey)] } });
    const { decide } = authorizerHarness([key.record]);
    for (const signer of [pair, rotated]) {
      const token = signRs256(signer.privateKey, freshClaims({ gatehouse_sub: key.token }));
      expect((await decide(authorizerEvent({ authorization: bearer(token) }))).outcome).toBe('allow');
    }
  });

  it('tells an expired certificate key apart from a wrong key', async () => {
    const key = testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey, '2020-01-01T00:00:00Z')] } });
    const { decide } = authorizerHarness([key.record]);
    const token = signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }));
    expect((await decide(authorizerEvent({ authorization: bearer(token) }))).reason).toBe('public_key_expired');
  });

  it('allows HS256 with the secret from the secret source, loading it once', async () => {
    const key = testKey({ auth: { method: 'hmac', secretRefs: [secretArn] } });
    const harness = authorizerHarness([key.record], { secrets: { [secretArn]: secret } });
    for (let i = 0; i < 3; i++) {
      const token = signHs256(secret, freshClaims({ gatehouse_sub: key.token }));
      expect((await harness.decide(authorizerEvent({ authorization: bearer(token) }))).outcome).toBe('allow');
    }
    expect(harness.secretFetches).toEqual([secretArn]);
  });

  it('reads a field of a JSON secret and accepts either secret during a rotation', async () => {
    const next = hmacSecret();
    const key = testKey({ auth: { method: 'hmac', secretRefs: [`${secretArn}#current`, `${secretArn}#next`] } });
    const harness = authorizerHarness([key.record], { secrets: { [secretArn]: JSON.stringify({ current: secret, next }) } });
    for (const value of [secret, next]) {
      const token = signHs256(value, freshClaims({ gatehouse_sub: key.token }));
      expect((await harness.decide(authorizerEvent({ authorization: bearer(token) }))).outcome).toBe('allow');
    }
  });

  it('fails closed when the secret is too short or missing', async () => {
    const key = testKey({ auth: { method: 'hmac', secretRefs: [secretArn] } });
    const short = authorizerHarness([key.record], { secrets: { [secretArn]: 'too-short' } });
    const token = signHs256('too-short', freshClaims({ gatehouse_sub: key.token }));
    const decision = await short.decide(authorizerEvent({ authorization: bearer(token) }));
    expect([decision.outcome, decision.reason]).toEqual(['error', 'secret_unavailable']);
    const missing = authorizerHarness([key.record], { secrets: {} });
    expect((await missing.decide(authorizerEvent({ authorization: bearer(token) }))).outcome).toBe('error');
  });

  it('caches records, and unknown keys too', async () => {
    const key = await rsaKey();
    const harness = authorizerHarness([key.record]);
    const good = bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token })));
    const unknown = bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: mintApiKeyToken() })));
    for (let i = 0; i < 5; i++) {
      await harness.decide(authorizerEvent({ authorization: good }));
      expect((await harness.decide(authorizerEvent({ authorization: unknown }))).reason).toBe('api_key_unknown');
    }
    expect(harness.source.reads).toBe(2);
  });

  it('answers 403 reasons only for genuine tokens, in order', async () => {
    const cases = [
      [{ clientEnabled: false }, 'client_disabled'],
      [{ keyEnabled: false }, 'key_disabled'],
      [{ keyNotAfter: '2020-01-01T00:00:00Z' }, 'key_expired'],
      [{ allowedIps: ['10.0.0.0/8'] }, 'ip_not_allowed'],
      [{ blockedIps: ['203.0.113.0/24'] }, 'ip_blocked'],
      [{ routes: [] }, 'no_collections'],
      [{ routes: ['POST /orders'] }, 'route_not_in_collections'],
    ] as const;
    for (const [options, reason] of cases) {
      const key = await rsaKey(options);
      const { decide } = authorizerHarness([key.record]);
      const genuine = signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }));
      const decision = await decide(authorizerEvent({ authorization: bearer(genuine) }));
      expect([reason, decision.outcome, decision.reason]).toEqual([reason, 'deny', reason]);
      const forged = signRs256(rotated.privateKey, freshClaims({ gatehouse_sub: key.token }));
      expect((await decide(authorizerEvent({ authorization: bearer(forged) }))).outcome).toBe('unauthorized');
    }
  });

  it('says what a refusal is about as data: the field, the value found and what was expected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      [{ allowedIps: ['10.0.0.0/8'] }, {}, { field: 'sourceIp', actual: '203.0.113.10', expected: ['10.0.0.0/8'] }],
      [{ blockedIps: ['203.0.113.0/24'] }, {}, { field: 'sourceIp', actual: '203.0.113.10', expected: 'not in 203.0.113.0/24' }],
      [{ keyEnabled: false }, {}, { field: 'key.enabled', actual: 'false', expected: 'true' }],
      [{ routes: ['POST /orders'] }, {}, { field: 'route', actual: 'GET /orders' }],
      [{}, { iat: now - 4000, exp: now - 3600 }, { field: 'exp', actual: now - 3600 }],
    ] as const;
    for (const [options, claims, facts] of cases) {
      const key = await rsaKey(options);
      const { decide } = authorizerHarness([key.record]);
      const decision = await decide(authorizerEvent({ authorization: bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token, ...claims }))), method: 'GET', path: '/orders' }));
      expect(decision.facts).toMatchObject(facts);
    }
    const key = await rsaKey();
    const hs256 = await authorizerHarness([key.record]).decide(authorizerEvent({ authorization: bearer(signHs256(secret, freshClaims({ gatehouse_sub: key.token }))) }));
    expect([hs256.reason, hs256.facts]).toEqual(['token_alg_not_allowed', { field: 'alg', actual: 'HS256', expected: 'RS256' }]);
  });

  it('records each step in a trace when asked', async () => {
    const key = await rsaKey({ blockedIps: ['203.0.113.10'] });
    const { decide } = authorizerHarness([key.record]);
    const trace: Trace = [];
    await decide(authorizerEvent({ authorization: bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }))) }), trace);
    expect(trace.map((step) => `${step.step}:${step.verdict}`)).toEqual([
      'bearer:pass',
      'decode:pass',
      'api-key:pass',
      'lookup:pass',
      'signature:pass',
      'time-claims:pass',
      'status:pass',
      'ip-rules:fail',
    ]);
    expect(trace.at(-1)?.detail).toContain('203.0.113.10');
  });

  it('fails closed with store_unavailable when the record source throws', async () => {
    const key = await rsaKey();
    const harness = authorizerHarness([]);
    harness.source.fetch = async () => {
      throw new Error('connection refused');
    };
    const decision = await harness.decide(authorizerEvent({ authorization: bearer(signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }))) }));
    expect([decision.outcome, decision.reason]).toEqual(['error', 'store_unavailable']);
  });
});
