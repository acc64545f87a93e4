import { ConfigError, loadConfig } from '../../record/authorizer-settings';

describe('authorizer configuration', () => {
  it('applies defaults and the gatehouse claim preset', () => {
    const config = loadConfig({ GATEHOUSE_TABLE_NAME: 'keys' });
    expect(config.keyClaims).toEqual({ customClaims: [], namespacedClaim: 'https://gatehouse.dev/sub', shortClaim: 'gatehouse_sub', headerKid: true, subject: true });
    expect(config.records).toEqual({ ttlMs: 60_000, negativeTtlMs: 30_000, maxEntries: 10_000 });
    expect(config.secrets.source).toBe('aws-secretsmanager');
    expect(config.importedKeyFormats).toEqual([]);
  });

  it('selects the reference platform preset and overrides single claims', () => {
    const config = loadConfig({
      GATEHOUSE_TABLE_NAME: 'keys',
      GATEHOUSE_KEY_CLAIMS_PRESET: 'workato',
      GATEHOUSE_CUSTOM_KEY_CLAIMS: 'app_key, tenant_key',
      GATEHOUSE_KEY_IN_SUB: 'false',
      GATEHOUSE_SHORT_KEY_CLAIM: 'none',
      GATEHOUSE_IMPORTED_KEY_FORMATS: 'hex64',
      GATEHOUSE_SECRETS_SOURCE: 'file:/tmp/secrets.json',
    });
    expect(config.keyClaims).toEqual({ customClaims: ['app_key', 'tenant_key'], namespacedClaim: 'https://www.workato.com/sub', shortClaim: null, headerKid: true, subject: false });
    expect(config.importedKeyFormats).toEqual(['hex64']);
    expect(config.secrets.source).toEqual({ file: '/tmp/secrets.json' });
  });

  it.each([
    [{}, /GATEHOUSE_TABLE_NAME/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_KEY_CLAIMS_PRESET: 'okta' }, /PRESET/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_RECORD_TTL_SECONDS: '-1' }, /RECORD_TTL/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_MAX_TOKEN_BYTES: '10' }, /MAX_TOKEN_BYTES/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_KEY_IN_SUB: 'yes' }, /KEY_IN_SUB/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_IMPORTED_KEY_FORMATS: 'uuid' }, /uuid/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_SECRETS_SOURCE: 'vault' }, /SECRETS_SOURCE/],
  ])('refuses invalid configuration %#', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
