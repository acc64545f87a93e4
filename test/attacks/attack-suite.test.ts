/**
 * Attacks on the authorizer, each through the real handler over dynalite. Every case must end in 401 or
 * 403 with the expected reason code, never an allow, and its log line must not contain the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { mintApiKeyToken } from '../../record/api-key-token';
import { authorizerEvent, type EventOptions } from '../support/events';
import { ecKeyPair, hmacSecret, rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { type HandlerOverDynalite, startHandlerOverDynalite } from '../support/handler-over-dynalite';
import { bearer, encodeSegment, freshClaims, nowSeconds, signEs256, signHs256, signingInput, signRs256 } from '../support/tokens';
import { constants, sign } from 'node:crypto';

const clientA = rsaKeyPair();
const clientB = rsaKeyPair();
const attacker = rsaKeyPair();
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hmac-client-AbCdEf';
const secret = hmacSecret();

let env: HandlerOverDynalite;
let keyA: ReturnType<typeof testKey>;
let keyB: ReturnType<typeof testKey>;
let disabled: ReturnType<typeof testKey>;
let expired: ReturnType<typeof testKey>;
let fenced: ReturnType<typeof testKey>;
let hmacKey: ReturnType<typeof testKey>;

/** Where an attacker would host keys for jku/x5u; it must never be called. */
let attackerServer: Server;
let attackerHits = 0;
let attackerUrl: string;

beforeAll(async () => {
  const rsaA = { method: 'rsa' as const, publicKeys: [await rsaKeyRecord(clientA.publicKey)] };
  keyA = testKey({ client: 'client-a', auth: rsaA });
  keyB = testKey({ client: 'client-b', auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(clientB.publicKey)] } });
  disabled = testKey({ client: 'client-a', key: 'disabled', auth: rsaA, keyEnabled: false });
  expired = testKey({ client: 'client-a', key: 'expired', auth: rsaA, keyNotAfter: '2024-01-01T00:00:00Z' });
  fenced = testKey({ client: 'client-a', key: 'fenced', auth: rsaA, allowedIps: ['10.0.0.0/8'], blockedIps: ['10.0.0.66'] });
  hmacKey = testKey({ client: 'hmac-client', auth: { method: 'hmac', secretRefs: [secretArn] } });
  env = await startHandlerOverDynalite([keyA, keyB, disabled, expired, fenced, hmacKey].map((key) => key.record), {
    secrets: { [secretArn]: secret },
  });
  attackerServer = createServer((_, response) => {
    attackerHits++;
    response.end(JSON.stringify({ keys: [attacker.publicKey.export({ format: 'jwk' })] }));
  });
  await new Promise<void>((resolve) => attackerServer.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attackerServer.address() as AddressInfo).port}/jwks.json`;
});

afterAll(async () => {
  await env.close();
  await new Promise((resolve) => attackerServer.close(resolve));
});

async function expectRefused(status: 401 | 403, reason: string, options: EventOptions) {
  const answer = await env.invoke(authorizerEvent(options));
  expect({ status: answer.status, reason: answer.log.reason }).toEqual({ status, reason });
  expect(answer.status).not.toBe(200);
  const authorization = options.authorization;
  for (const value of Array.isArray(authorization) ? authorization : authorization ? [authorization] : []) {
    const token = value.replace(/^bearer\s+/i, '');
    if (token.length > 8) expect(env.logs.at(-1)).not.toContain(token);
  }
  for (const key of [keyA, keyB, disabled, expired, fenced, hmacKey]) expect(env.logs.at(-1)).not.toContain(key.token);
  expect(env.logs.at(-1)).not.toContain(secret);
}

const claimsFor = (token: string, extra: Record<string, unknown> = {}) => freshClaims({ gatehouse_sub: token, ...extra });
const withHeader = (header: Record<string, unknown>, payload: Record<string, unknown>, signature = 'c2lnbmF0dXJl') =>
  `${signingInput(header, payload)}.${signature}`;

describe('control: genuine tokens are allowed', () => {
  it('allows client A and the HMAC client', async () => {
    expect((await env.invoke(authorizerEvent({ authorization: bearer(signRs256(clientA.privateKey, claimsFor(keyA.token))) }))).status).toBe(200);
    expect((await env.invoke(authorizerEvent({ authorization: bearer(signHs256(secret, claimsFor(hmacKey.token))) }))).status).toBe(200);
  });
});

describe('algorithm attacks', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s with an empty signature', async (alg) => {
    const token = `${signingInput({ alg, typ: 'JWT' }, claimsFor(keyA.token))}.`;
    await expectRefused(401, 'token_malformed', { authorization: bearer(token) });
  });

  it.each(['none', 'NONE', 'toString', '__proto__', 'constructor'])('refuses alg %s with a signature', async (alg) => {
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(withHeader({ alg }, claimsFor(keyA.token))) });
  });

  it.each([
    ['PEM', () => clientA.publicKey.export({ format: 'pem', type: 'spki' })],
    ['PKCS#1 PEM', () => clientA.publicKey.export({ format: 'pem', type: 'pkcs1' })],
    ['DER', () => clientA.publicKey.export({ format: 'der', type: 'spki' })],
    ['JWK bytes', () => JSON.stringify(clientA.publicKey.export({ format: 'jwk' }))],
  ])('refuses HS256 MACed with the RSA client public key as %s', async (_, material) => {
    const token = signHs256(material() as string | Buffer, claimsFor(keyA.token));
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(token) });
  });

  it('refuses ES256, PS256 and RS512 tokens for an RS256 client', async () => {
    const ec = ecKeyPair();
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(signEs256(ec.privateKey, claimsFor(keyA.token))) });
    const input = (alg: string) => signingInput({ alg, typ: 'JWT' }, claimsFor(keyA.token));
    const ps256 = `${input('PS256')}.${sign('sha256', Buffer.from(input('PS256')), { key: clientA.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url')}`;
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(ps256) });
    const rs512 = `${input('RS512')}.${sign('sha512', Buffer.from(input('RS512')), clientA.privateKey).toString('base64url')}`;
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(rs512) });
  });

  it('refuses an RS256 token for the HMAC client', async () => {
    await expectRefused(401, 'token_alg_not_allowed', { authorization: bearer(signRs256(clientA.privateKey, claimsFor(hmacKey.token))) });
  });
});

describe('key material named by the token is never used or fetched', () => {
  it.each([
    ['jku', () => ({ jku: attackerUrl })],
    ['x5u', () => ({ x5u: attackerUrl })],
    ['jwk', () => ({ jwk: attacker.publicKey.export({ format: 'jwk' }) })],
    ['x5c', () => ({ x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] })],
  ])('refuses a token carrying %s and signed by the attacker', async (_, extra) => {
    const token = signRs256(attacker.privateKey, claimsFor(keyA.token), { alg: 'RS256', typ: 'JWT', ...extra() });
    await expectRefused(401, 'signature_invalid', { authorization: bearer(token) });
    expect(attackerHits).toBe(0);
  });
});

describe('malformed tokens', () => {
  it('refuses unknown crit', async () => {
    const token = signRs256(clientA.privateKey, claimsFor(keyA.token), { alg: 'RS256', crit: ['urn:example:policy'], 'urn:example:policy': 1 });
    await expectRefused(401, 'token_crit_unsupported', { authorization: bearer(token) });
  });

  it('refuses a 5-part JWE', async () => {
    const jwe = [encodeSegment({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: keyA.token }), 'ZW5jcnlwdGVka2V5', 'aXY', 'Y2lwaGVydGV4dA', 'dGFn'].join('.');
    await expectRefused(401, 'token_encrypted', { authorization: bearer(jwe) });
  });

  it('refuses an oversize token', async () => {
    const token = signRs256(clientA.privateKey, claimsFor(keyA.token, { padding: 'x'.repeat(10_000) }));
    await expectRefused(401, 'token_too_large', { authorization: bearer(token) });
  });

  it('refuses broken base64url and broken JSON', async () => {
    const good = signRs256(clientA.privateKey, claimsFor(keyA.token));
    const [h, p, s] = good.split('.') as [string, string, string];
    await expectRefused(401, 'token_malformed', { authorization: bearer(`${h}.${p.slice(0, 10)}!${p.slice(11)}.${s}`) });
    await expectRefused(401, 'token_malformed', { authorization: bearer(`${h}.${encodeSegment('{"gatehouse_sub": "x",')}.${s}`) });
    await expectRefused(401, 'token_malformed', { authorization: bearer(`${encodeSegment('{"alg":"RS256"')}.${p}.${s}`) });
  });

  it('refuses every other spelling of a genuine token: unused bits set in the last character of a segment', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    /** The same bytes spelt differently: only the bits a decoder ignores changed. */
    const respellings = (segment: string): string[] => {
      const unused = segment.length % 4 === 2 ? 0x0f : segment.length % 4 === 3 ? 0x03 : 0;
      const last = alphabet.indexOf(segment.slice(-1));
      const others = Array.from({ length: unused + 1 }, (_, bits) => `${segment.slice(0, -1)}${alphabet[(last & ~unused) | bits]}`).filter((other) => other !== segment);
      for (const other of others) expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(segment, 'base64url'));
      return others;
    };
    for (const genuine of [signRs256(clientA.privateKey, claimsFor(keyA.token)), signHs256(secret, claimsFor(hmacKey.token, { pad: 'x' }))]) {
      expect((await env.invoke(authorizerEvent({ authorization: bearer(genuine) }))).status).toBe(200);
      const [h, p, s] = genuine.split('.') as [string, string, string];
      const spellings = [...respellings(s).map((other) => `${h}.${p}.${other}`), ...respellings(p).map((other) => `${h}.${other}.${s}`), ...respellings(h).map((other) => `${other}.${p}.${s}`)];
      expect(spellings.length).toBeGreaterThanOrEqual(3);
      for (const spelling of spellings) await expectRefused(401, 'token_malformed', { authorization: bearer(spelling) });
    }
  });

  it('refuses a genuine token with one character swapped for a non-ASCII one that base64 decoders read as it', async () => {
    // Node's decoders keep only the low byte of each UTF-16 unit: U+0141 ("Ł") decodes as 0x41 ("A"). A
    // gateway that passes the header as UTF-8 text would hand such a token on as it came.
    const alias = (segment: string, at: number) => `${segment.slice(0, at)}${String.fromCharCode(segment.charCodeAt(at) + 0x100)}${segment.slice(at + 1)}`;
    for (const genuine of [signRs256(clientA.privateKey, claimsFor(keyA.token)), signHs256(secret, claimsFor(hmacKey.token))]) {
      const [h, p, s] = genuine.split('.') as [string, string, string];
      expect(Buffer.from(alias(s, 5), 'base64url')).toEqual(Buffer.from(s, 'base64url'));
      for (const spelling of [`${h}.${p}.${alias(s, 5)}`, `${h}.${alias(p, 7)}.${s}`, `${alias(h, 3)}.${p}.${s}`]) {
        await expectRefused(401, 'token_malformed', { authorization: bearer(spelling) });
      }
    }
  });

  it('refuses duplicate claims even when validly signed', async () => {
    const now = nowSeconds();
    const raw = `{"gatehouse_sub":${JSON.stringify(keyA.token)},"exp":${now - 3600},"exp":${now + 3600}}`;
    await expectRefused(401, 'token_malformed', { authorization: bearer(signRs256(clientA.privateKey, raw)) });
    const keySwap = `{"gatehouse_sub":${JSON.stringify(keyB.token)},"gatehouse_sub":${JSON.stringify(keyA.token)},"exp":${now + 60}}`;
    await expectRefused(401, 'token_malformed', { authorization: bearer(signRs256(clientA.privateKey, keySwap)) });
  });

  it('refuses __proto__ claims even when validly signed', async () => {
    const raw = `{"gatehouse_sub":${JSON.stringify(keyA.token)},"exp":${nowSeconds() + 60},"__proto__":{"isAdmin":true}}`;
    await expectRefused(401, 'token_malformed', { authorization: bearer(signRs256(clientA.privateKey, raw)) });
  });

  it('refuses a non-string key claim', async () => {
    for (const value of [[keyA.token], { key: keyA.token }, 42, null, true]) {
      const token = signRs256(clientA.privateKey, freshClaims({ gatehouse_sub: value, sub: 'not-a-key' }));
      await expectRefused(401, 'api_key_missing', { authorization: bearer(token) });
    }
  });

  it('refuses a key-format value with a broken checksum without a lookup', async () => {
    const typo = `${keyA.token.slice(0, -1)}${keyA.token.endsWith('a') ? 'b' : 'a'}`;
    await expectRefused(401, 'api_key_missing', { authorization: bearer(signRs256(clientA.privateKey, claimsFor(typo))) });
  });

  it('refuses an unknown key', async () => {
    await expectRefused(401, 'api_key_unknown', { authorization: bearer(signRs256(clientA.privateKey, claimsFor(mintApiKeyToken()))) });
  });
});

describe('time claims', () => {
  const now = nowSeconds();
  it.each([
    ['expired', { iat: now - 600, exp: now - 300 }, 'token_expired'],
    ['nbf in the future', { nbf: now + 600 }, 'token_not_yet_valid'],
    ['iat in the future', { iat: now + 600, exp: now + 900 }, 'token_issued_in_future'],
    ['no exp', { exp: undefined }, 'token_expiry_missing'],
  ])('refuses a token %s', async (_, extra, reason) => {
    await expectRefused(401, reason, { authorization: bearer(signRs256(clientA.privateKey, claimsFor(keyA.token, extra))) });
  });
});

describe('keys and clients', () => {
  it("refuses client A's key in a token signed by client B", async () => {
    await expectRefused(401, 'signature_invalid', { authorization: bearer(signRs256(clientB.privateKey, claimsFor(keyA.token))) });
  });

  it('refuses a token MACed with the wrong shared secret', async () => {
    await expectRefused(401, 'signature_invalid', { authorization: bearer(signHs256(hmacSecret(), claimsFor(hmacKey.token))) });
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = signRs256(clientA.privateKey, claimsFor(keyA.token)).split('.');
    await expectRefused(401, 'signature_invalid', { authorization: bearer(`${h}.${encodeSegment(claimsFor(keyA.token, { sub: 'admin' }))}.${s}`) });
  });

  it('refuses a disabled key and an expired key with 403', async () => {
    await expectRefused(403, 'key_disabled', { authorization: bearer(signRs256(clientA.privateKey, claimsFor(disabled.token))) });
    await expectRefused(403, 'key_expired', { authorization: bearer(signRs256(clientA.privateKey, claimsFor(expired.token))) });
  });

  it('refuses a disabled key with 401 when the signature is wrong', async () => {
    await expectRefused(401, 'signature_invalid', { authorization: bearer(signRs256(attacker.privateKey, claimsFor(disabled.token))) });
  });
});

describe('IP rules', () => {
  const token = () => bearer(signRs256(clientA.privateKey, claimsFor(fenced.token)));
  it('allows an allowed address', async () => {
    expect((await env.invoke(authorizerEvent({ authorization: token(), sourceIp: '10.1.2.3' }))).status).toBe(200);
  });
  it('refuses a blocked address inside an allowed range', async () => {
    await expectRefused(403, 'ip_blocked', { authorization: token(), sourceIp: '10.0.0.66' });
  });
  it('refuses the blocked address written as IPv4-mapped IPv6', async () => {
    await expectRefused(403, 'ip_blocked', { authorization: token(), sourceIp: '::ffff:10.0.0.66' });
    await expectRefused(403, 'ip_blocked', { authorization: token(), sourceIp: '::ffff:a00:42' });
  });
  it('refuses an address outside the allow list', async () => {
    await expectRefused(403, 'ip_not_allowed', { authorization: token(), sourceIp: '192.0.2.1' });
  });
  it.each(['', 'test-invoke-source-ip', '10.0.0.1, 10.0.0.66', '999.1.1.1', '10.0.0.66%eth0'])('refuses malformed sourceIp %j', async (sourceIp) => {
    await expectRefused(403, 'source_ip_invalid', { authorization: token(), sourceIp });
  });
});

describe('Authorization header', () => {
  it('refuses a missing header', async () => {
    await expectRefused(401, 'authorization_missing', {});
  });
  it.each(['Basic YWRtaW46YWRtaW4=', 'Token abc.def.ghi', 'Bearerabc.def.ghi'])('refuses scheme in %j', async (authorization) => {
    await expectRefused(401, 'authorization_scheme_invalid', { authorization });
  });
  it('refuses two Authorization headers', async () => {
    const genuine = bearer(signRs256(clientA.privateKey, claimsFor(keyA.token)));
    await expectRefused(401, 'authorization_ambiguous', { authorization: [genuine, bearer(signRs256(clientB.privateKey, claimsFor(keyB.token)))] });
  });
  it('keeps the scheme case-insensitive for genuine tokens', async () => {
    const token = signRs256(clientA.privateKey, claimsFor(keyA.token));
    expect((await env.invoke(authorizerEvent({ authorization: `bEaReR ${token}` }))).status).toBe(200);
  });
});

describe('malformed events', () => {
  it.each([
    ['null', null],
    ['an empty object', {}],
    ['headers of the wrong type', { headers: 'Authorization: Bearer x', multiValueHeaders: { Authorization: 'Bearer x' } }],
    ['a REQUEST event\'s headers of the wrong type, with no method ARN', { type: 'REQUEST', headers: 'Authorization: Bearer x', multiValueHeaders: { Authorization: 'Bearer x' } }],
  ])('fails closed on %s with 500 and a log line, without crashing', async (_, event) => {
    const answer = await env.invoke(event as never);
    expect(answer.status).toBe(500);
    // Not a REQUEST authorizer's event at all, or one without the ARN every answer is built on.
    expect(answer.log).toMatchObject({ outcome: 'error', reason: (event as { type?: string } | null)?.type === 'REQUEST' ? 'method_arn_invalid' : 'event_unsupported' });
  });

  it('fails closed on a genuine token with no method ARN', async () => {
    const event = authorizerEvent({ authorization: bearer(signRs256(clientA.privateKey, claimsFor(keyA.token))) });
    const answer = await env.invoke({ ...event, methodArn: undefined } as never);
    expect([answer.status, answer.log.reason]).toEqual([500, 'method_arn_invalid']);
  });
});

describe('secrets stay out of refusal details', () => {
  it('never echoes an API key carried in kid or typ, even when the refusal names that field', async () => {
    const typ = signRs256(clientA.privateKey, claimsFor(keyA.token), { alg: 'RS256', typ: keyA.token });
    await expectRefused(401, 'token_typ_not_allowed', { authorization: bearer(typ) });
    const exp = signRs256(clientA.privateKey, claimsFor(keyA.token, { exp: keyA.token }));
    await expectRefused(401, 'token_malformed', { authorization: bearer(exp) });
  });
});

describe('routes', () => {
  it('denies a route outside the collections, but only that route', async () => {
    const token = bearer(signRs256(clientA.privateKey, claimsFor(keyA.token)));
    const answer = await env.invoke(authorizerEvent({ authorization: token, method: 'DELETE', path: '/orders/1' }));
    expect([answer.status, answer.log.reason]).toEqual([403, 'route_not_in_collections']);
    // API Gateway caches this result for the token and address; it must still allow the client's routes.
    const { answerFor } = await import('../../local/gateway/invoke-authorizer');
    const result = answer.result as NonNullable<typeof answer.result>;
    expect(answerFor(result, authorizerEvent({ method: 'GET', path: '/orders/7' }).methodArn)).toBe(200);
    expect(answerFor(result, authorizerEvent({ method: 'DELETE', path: '/orders/1' }).methodArn)).toBe(403);
  });
});

it('never lets an HMAC forgery through with a truncated MAC', async () => {
  const input = signingInput({ alg: 'HS256' }, claimsFor(hmacKey.token));
  const mac = createHmac('sha256', secret).update(input).digest().subarray(0, 16).toString('base64url');
  await expectRefused(401, 'signature_invalid', { authorization: bearer(`${input}.${mac}`) });
});
