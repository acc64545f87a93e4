import fc from 'fast-check';
import { Refusal } from '../../lambda/decision';
import { decodeJws } from '../../lambda/jws';
import { encodeSegment, freshClaims, signHs256 } from '../support/tokens';

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error.reason;
    throw error;
  }
  return undefined;
}

const secret = 'x'.repeat(32);

describe('decodeJws', () => {
  it('decodes header, payload, signing input and signature', () => {
    const token = signHs256(secret, freshClaims());
    const jws = decodeJws(token, 8192);
    expect(jws.alg).toBe('HS256');
    expect(jws.payload.sub).toBe('orders-sync');
    expect(jws.signingInput.toString()).toBe(token.slice(0, token.lastIndexOf('.')));
    expect(jws.signature).toHaveLength(32);
  });

  it.each([
    ['too large', 'a'.repeat(9000), 'token_too_large'],
    ['two parts', 'a.b', 'token_malformed'],
    ['four parts', 'a.b.c.d', 'token_malformed'],
    ['five parts (JWE)', 'a.b.c.d.e', 'token_encrypted'],
    ['bad base64url header', `${'*'.repeat(8)}.${encodeSegment({})}.sig`, 'token_malformed'],
    ['impossible base64 length', `a.${encodeSegment({})}.sig`, 'token_malformed'],
    ['header not JSON', `${encodeSegment('not json')}.${encodeSegment({})}.sig`, 'token_malformed'],
    ['header an array', `${encodeSegment('[]')}.${encodeSegment({})}.sig`, 'token_malformed'],
    ['payload not an object', `${encodeSegment({ alg: 'HS256' })}.${encodeSegment('"x"')}.sig`, 'token_malformed'],
    ['empty signature', `${encodeSegment({ alg: 'HS256' })}.${encodeSegment({})}.`, 'token_malformed'],
    ['no alg', `${encodeSegment({ typ: 'JWT' })}.${encodeSegment({})}.sig`, 'token_malformed'],
    ['non-string alg', `${encodeSegment({ alg: 256 })}.${encodeSegment({})}.sig`, 'token_malformed'],
    ['crit', `${encodeSegment({ alg: 'HS256', crit: ['exp'] })}.${encodeSegment({})}.sig`, 'token_crit_unsupported'],
    ['typ of a logout token', `${encodeSegment({ alg: 'HS256', typ: 'logout+jwt' })}.${encodeSegment({})}.sig`, 'token_typ_not_allowed'],
    ['duplicate claims', `${encodeSegment({ alg: 'HS256' })}.${encodeSegment('{"exp":1,"exp":2}')}.sig`, 'token_malformed'],
  ])('refuses %s', (_, token, reason) => {
    expect(reasonOf(() => decodeJws(token, 8192))).toBe(reason);
  });

  it('refuses a signature in the standard base64 alphabet or with padding', () => {
    const token = signHs256(secret, freshClaims());
    const [h, p, s] = token.split('.') as [string, string, string];
    for (const signature of [`${s.slice(0, -2)}+A`, `${s.slice(0, -2)}/A`, `${s}=`, `${s.slice(0, 10)}!${s.slice(11)}`]) {
      expect(reasonOf(() => decodeJws(`${h}.${p}.${signature}`, 8192))).toBe('token_malformed');
    }
  });

  it('refuses characters outside ASCII that base64 decoders would read as letters of the alphabet, in every segment', () => {
    const token = signHs256(secret, freshClaims());
    const [h, p, s] = token.split('.') as [string, string, string];
    // Node keeps the low byte of each UTF-16 unit: U+0100 + "A" decodes as "A".
    const alias = (segment: string) => `${String.fromCharCode(segment.charCodeAt(0) + 0x100)}${segment.slice(1)}`;
    expect(Buffer.from(alias(s), 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    for (const spelling of [`${h}.${p}.${alias(s)}`, `${h}.${alias(p)}.${s}`, `${alias(h)}.${p}.${s}`, `${h}.${p}.${s}\u00e9`]) {
      expect(reasonOf(() => decodeJws(spelling, 8192))).toBe('token_malformed');
    }
  });

  it('accepts a signature exactly when it is the canonical base64url spelling of its bytes (an independent definition)', () => {
    const [h, p] = signHs256(secret, freshClaims()).split('.') as [string, string, string];
    // Canonical base64url: only the URL-safe alphabet, no padding, and re-encoding its bytes gives the same text.
    const canonical = (text: string) => /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
    const character = fc.constantFrom(...'ABYZaz09-_+/=!. \t\u00e9\u0141\u0161\u4e41\ud83d'.split(''), 'A', 'g', 'Q', 'w');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 12 }).map((characters) => characters.join('')), fc.integer({ min: 0, max: 8 }), (tail, padBytes) => {
        const signature = `${Buffer.alloc(padBytes, 0x5a).toString('base64url')}${tail}`;
        if (signature.includes('.')) return;
        expect(reasonOf(() => decodeJws(`${h}.${p}.${signature}`, 8192))).toBe(canonical(signature) ? undefined : 'token_malformed');
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes every payload afresh under a cached header, and never caches a refused header', () => {
    const header = { alg: 'HS256', typ: 'JWT' };
    expect(decodeJws(signHs256(secret, freshClaims({ sub: 'first' }), header), 8192).payload.sub).toBe('first');
    expect(decodeJws(signHs256(secret, freshClaims({ sub: 'second' }), header), 8192).payload.sub).toBe('second');
    const crit = signHs256(secret, freshClaims(), { alg: 'HS256', crit: ['b64'] });
    expect(reasonOf(() => decodeJws(crit, 8192))).toBe('token_crit_unsupported');
    expect(reasonOf(() => decodeJws(crit, 8192))).toBe('token_crit_unsupported');
    expect(Object.isFrozen(decodeJws(signHs256(secret, freshClaims(), header), 8192).header)).toBe(true);
  });

  it('accepts JWT and access-token typ values in any case', () => {
    for (const typ of ['JWT', 'jwt', 'at+jwt', 'application/at+JWT']) {
      expect(reasonOf(() => decodeJws(signHs256(secret, freshClaims(), { alg: 'HS256', typ }), 8192))).toBeUndefined();
    }
  });

  it('accepts only the canonical base64url spelling of a signature, for every length of the last group', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const [h, p] = signHs256(secret, freshClaims()).split('.') as [string, string, string];
    for (let bytes = 1; bytes <= 40; bytes++) {
      const canonical = Buffer.alloc(bytes, 0xa5).toString('base64url');
      expect(reasonOf(() => decodeJws(`${h}.${p}.${canonical}`, 8192))).toBeUndefined();
      const prefix = canonical.slice(0, -1);
      // Every last character that decodes to the same bytes (Node's decoder ignores the unused bits) but is not the canonical one.
      const respelt = [...alphabet].map((last) => prefix + last).filter((other) => other !== canonical && Buffer.from(other, 'base64url').equals(Buffer.from(canonical, 'base64url')));
      expect(respelt).toHaveLength(bytes % 3 === 1 ? 15 : bytes % 3 === 2 ? 3 : 0);
      for (const other of respelt) expect(reasonOf(() => decodeJws(`${h}.${p}.${other}`, 8192))).toBe('token_malformed');
    }
  });
});
