import { authorizerEnvironment, ConfigError, loadConfig } from '../../record/authorizer-settings';

describe('authorizer configuration', () => {
  it('applies defaults and the gatehouse claim preset', () => {
    const config = loadConfig({ GATEHOUSE_TABLE_NAME: 'keys' });
    expect(config.keyClaims).toEqual({ customClaims: [], namespacedClaim: 'https://gatehouse.dev/sub', shortClaim: 'gatehouse_sub', headerKid: true, subject: true });
    expect(config.records).toEqual({ ttlMs: 20_000, negativeTtlMs: 30_000, maxEntries: 10_000 });
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
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_SECRET_TIMEOUT_MS: '10' }, /SECRET_TIMEOUT_MS/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_ENABLED: 'yes' }, /METRICS_ENABLED/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_NAMESPACE: 'AWS/Lambda' }, /reserved for AWS/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_NAMESPACE: 'x'.repeat(256) }, /METRICS_NAMESPACE/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_NAMESPACE: '   ' }, /METRICS_NAMESPACE/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_SERVICE: 'prod\u00e9' }, /METRICS_SERVICE/],
    [{ GATEHOUSE_TABLE_NAME: 'k', GATEHOUSE_METRICS_PER_CLIENT: '1' }, /METRICS_PER_CLIENT/],
  ])('refuses invalid configuration %#', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('turns the metrics on by default, in the Gatehouse namespace, without per-client metrics', () => {
    expect(loadConfig({ GATEHOUSE_TABLE_NAME: 'keys' }).metrics).toEqual({ enabled: true, namespace: 'Gatehouse', service: 'gatehouse', perClient: false });
    expect(loadConfig({ GATEHOUSE_TABLE_NAME: 'keys' }).secrets.timeoutMs).toBe(1000);
  });

  it('carries declared metrics settings to the authorizer, and back', () => {
    const env = authorizerEnvironment('keys', { metrics: { enabled: true, namespace: 'Acme/Gatehouse', service: 'gatehouse-prod', perClient: true } });
    expect(env).toMatchObject({ GATEHOUSE_METRICS_ENABLED: 'true', GATEHOUSE_METRICS_NAMESPACE: 'Acme/Gatehouse', GATEHOUSE_METRICS_SERVICE: 'gatehouse-prod', GATEHOUSE_METRICS_PER_CLIENT: 'true' });
    expect(loadConfig(env).metrics).toEqual({ enabled: true, namespace: 'Acme/Gatehouse', service: 'gatehouse-prod', perClient: true });
    expect(loadConfig(authorizerEnvironment('keys', { metrics: { enabled: false } })).metrics.enabled).toBe(false);
    expect(authorizerEnvironment('keys', {})).toEqual({ GATEHOUSE_TABLE_NAME: 'keys' });
  });
});
