import {
  API_KEY_PREFIX,
  declaredKeyHash,
  DECLARED_KEY_HASH,
  hashApiKeyToken,
  importedFormatOf,
  isAcceptedKeyToken,
  isGatehouseKeyToken,
  keyHashFromDeclared,
  mintApiKeyToken,
} from '../../record/api-key-token';

describe('API key tokens', () => {
  it('mints recognisable tokens with at least 256 random bits', () => {
    const token = mintApiKeyToken();
    expect(token.startsWith(API_KEY_PREFIX)).toBe(true);
    const random = token.slice(API_KEY_PREFIX.length, -6);
    expect(random).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(random.length * Math.log2(62)).toBeGreaterThanOrEqual(256);
    expect(isGatehouseKeyToken(token)).toBe(true);
  });

  it('mints distinct tokens', () => {
    const tokens = new Set(Array.from({ length: 200 }, mintApiKeyToken));
    expect(tokens.size).toBe(200);
  });

  it('rejects a token with any single character changed (checksum)', () => {
    const token = mintApiKeyToken();
    let rejected = 0;
    for (let i = API_KEY_PREFIX.length; i < token.length; i++) {
      const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      if (!isGatehouseKeyToken(changed)) rejected++;
    }
    expect(rejected).toBe(token.length - API_KEY_PREFIX.length);
  });

  it('rejects wrong prefix, length and alphabet', () => {
    const token = mintApiKeyToken();
    expect(isGatehouseKeyToken(token.replace('gatehouse_', 'gatehoose_'))).toBe(false);
    expect(isGatehouseKeyToken(token.slice(0, -1))).toBe(false);
    expect(isGatehouseKeyToken(`${token}a`)).toBe(false);
    expect(isGatehouseKeyToken(token.slice(0, 20) + '-' + token.slice(21))).toBe(false);
    expect(isGatehouseKeyToken('')).toBe(false);
  });

  it('accepts 64-hex imported keys only when the platform opts in', () => {
    const imported = 'd4aee74e131926682043395edecaf377765fae48e56e232cb295af475b314545';
    expect(isAcceptedKeyToken(imported, [])).toBe(false);
    expect(isAcceptedKeyToken(imported, ['hex64'])).toBe(true);
    expect(isAcceptedKeyToken(imported.slice(1), ['hex64'])).toBe(false);
    expect(importedFormatOf(imported)).toBe('hex64');
    expect(isAcceptedKeyToken(mintApiKeyToken(), [])).toBe(true);
  });

  it('hashes tokens to the declared form and back to the table key', () => {
    const token = mintApiKeyToken();
    const declared = declaredKeyHash(token);
    expect(declared).toMatch(DECLARED_KEY_HASH);
    expect(keyHashFromDeclared(declared)).toBe(hashApiKeyToken(token));
    expect(() => keyHashFromDeclared(token)).toThrow();
  });
});
