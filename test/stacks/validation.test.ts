/**
 * One test per synth-time check. Each bad definition must fail a real synth (as `cdktf synth` does)
 * with the construct path, the field, the value and a fix; warnings must not fail it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { AccessPolicy, type AccessPolicyProps, ApiClient, type ApiClientProps, ApiCollection, type ApiCollectionProps, ApiKey, type ApiKeyProps, ClientAuth, HmacSecret } from '../../stacks/gatehouse';
import { selfSignedCertificate } from '../support/certificates';
import { rsaKeyPair } from '../support/keys';
import { synthLocal, testPlatform } from '../support/stacks';

const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const DAY = 86_400_000;

interface Overrides {
  readonly client?: Partial<ApiClientProps>;
  readonly key?: Partial<ApiKeyProps>;
  readonly policy?: Partial<AccessPolicyProps>;
  readonly collection?: Partial<ApiCollectionProps>;
}

function declare(overrides: Overrides = {}) {
  return (scope: Construct) => {
    const policy = new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 10, burst: 20 }, ...overrides.policy });
    const collection = new ApiCollection(scope, 'orders', { routes: ['GET /orders'], ...overrides.collection });
    const client = new ApiClient(scope, 'acme', {
      description: 'Acme order sync',
      owner: 'team-partners',
      auth: ClientAuth.rsa({ publicKeys: [publicPem] }),
      policy,
      collections: [collection],
      ...overrides.client,
    });
    new ApiKey(scope, 'acme-prod', { client, tokenHash: declaredKeyHash(mintApiKeyToken()), ...overrides.key });
  };
}

/** Synth must fail with exactly this construct, field and value, and offer a fix. */
function expectError(overrides: Overrides, path: string, field: string, value: string, message: RegExp) {
  const outcome = synthLocal(declare(overrides));
  expect(outcome.failure).toBeDefined();
  const line = outcome.errors.find((error) => error.startsWith(`[local/data/clients/${path}] ${field} = ${value}: `));
  expect({ errors: outcome.errors, line }).toEqual({ errors: outcome.errors, line: expect.stringMatching(message) });
  expect(line).toMatch(/\. Fix: .{10,}/);
  expect(outcome.failure).toContain(`[local/data/clients/${path}] ${field}`);
}

function expectWarning(overrides: Overrides, path: string, field: string, message: RegExp) {
  const outcome = synthLocal(declare(overrides));
  expect(outcome.failure).toBeUndefined();
  expect(outcome.warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\[local/data/clients/${path}\\] ${field.replace(/[[\]]/g, '\\$&')} = .*${message.source}`))]));
}

describe('a valid definition', () => {
  it('synthesizes without errors or warnings', () => {
    const outcome = synthLocal(declare());
    expect(outcome).toEqual({ failure: undefined, errors: [], warnings: [] });
  });
});

describe('IP entries', () => {
  it('refuses 123.456.123.456', () => expectError({ key: { allowedIps: ['123.456.123.456'] } }, 'acme-prod', 'allowedIps[0]', '"123.456.123.456"', /is not an IP address/));
  it('refuses a CIDR block with an impossible prefix', () => expectError({ key: { blockedIps: ['10.0.0.0/8', '10.0.0.0/33'] } }, 'acme-prod', 'blockedIps[1]', '"10.0.0.0/33"', /prefix length/));
  it('refuses a reversed range', () => expectError({ key: { allowedIps: ['10.0.0.9-10.0.0.1'] } }, 'acme-prod', 'allowedIps[0]', '"10.0.0.9-10.0.0.1"', /starts after it ends/));
  it('refuses a comma-separated list in one entry', () => expectError({ key: { allowedIps: ['10.0.0.1,10.0.0.2'] } }, 'acme-prod', 'allowedIps[0]', '"10.0.0.1,10.0.0.2"', /separators/));
  it('warns when blocked entries make an allowed entry unreachable', () =>
    expectWarning({ key: { allowedIps: ['203.0.113.7', '198.51.100.0/24'], blockedIps: ['203.0.113.0/24'] } }, 'acme-prod', 'allowedIps[0]', /admits no one/));
  it('warns about host bits in a CIDR block', () => expectWarning({ key: { allowedIps: ['10.1.2.3/8'] } }, 'acme-prod', 'allowedIps[0]', /means 10\.0\.0\.0\/8/));
});

describe('RSA public keys', () => {
  it('refuses an unparseable key', () =>
    expectError({ client: { auth: ClientAuth.rsa({ publicKeys: ['-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----'] }) } }, 'acme', 'auth.publicKeys[0]', '"-----BEGIN PUBLIC KEY----- not a key -----END PUBLIC KEY-----"', /does not decode/));
  it('refuses a key under 2048 bits', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const outcome = synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [small] }) } }));
    expect(outcome.failure).toMatch(/\[local\/data\/clients\/acme\] auth\.publicKeys\[0\] = "-----BEGIN PUBLIC KEY-----.*": is a 1024-bit RSA key; at least 2048 bits are required\. Fix: generate/);
  });
  it('refuses a private key without echoing it', () => {
    const privatePem = rsaKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const outcome = synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [privatePem] }) } }));
    expect(outcome.failure).toContain('auth.publicKeys[0] = <a private key, not shown>: is a PRIVATE key');
    expect(outcome.failure).not.toContain(privatePem.split('\n')[1]);
  });
  it('refuses a certificate that has expired', async () => {
    const expired = await selfSignedCertificate({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    const outcome = synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [expired.pem] }) } }));
    expect(outcome.failure).toMatch(/\[local\/data\/clients\/acme\] auth\.publicKeys\[0\] = "-----BEGIN CERTIFICATE-----.*": is a certificate \(CN=Test Signing Certificate, O=Gatehouse Tests\) that expired on .*\. Fix: register/);
  });
  it('warns about a certificate that expires within 30 days', async () => {
    const soon = await selfSignedCertificate({ notAfter: new Date(Date.now() + 10 * DAY) });
    expectWarning({ client: { auth: ClientAuth.rsa({ publicKeys: [soon.pem] }) } }, 'acme', 'auth.publicKeys[0]', /expires in 10 days/);
  });
  it('refuses an empty key list', () => expectError({ client: { auth: ClientAuth.rsa({ publicKeys: [] }) } }, 'acme', 'auth.publicKeys', '[]', /is empty/));
});

describe('key hashes', () => {
  it('refuses a malformed hash', () => expectError({ key: { tokenHash: 'sha256:abc' } }, 'acme-prod', 'tokenHash', '"sha256:abc"', /is not a key hash/));
  it('refuses a token pasted in place of its hash, without echoing it', () => {
    const token = mintApiKeyToken();
    const outcome = synthLocal(declare({ key: { tokenHash: token } }));
    expect(outcome.failure).toContain('[local/data/clients/acme-prod] tokenHash = <an API key token, not shown>: is an API key TOKEN');
    expect(outcome.failure).not.toContain(token);
  });
  it('refuses two keys with the same hash', () => {
    const hash = declaredKeyHash(mintApiKeyToken());
    const outcome = synthLocal((scope) => {
      declare({ key: { tokenHash: hash } })(scope);
      const other = new ApiClient(scope, 'other', { description: 'Other client', owner: 'team-b', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), collections: [] });
      new ApiKey(scope, 'other-prod', { client: other, tokenHash: hash });
    });
    expect(outcome.failure).toMatch(/\[local\/data\/clients\/other-prod\] tokenHash = "sha256:[0-9a-f]{64}": is also the hash of key "acme-prod" of client "acme": one token would open two keys\. Fix: mint/);
  });
  it('refuses an invalid notAfter and warns about a passed one', () => {
    expectError({ key: { notAfter: '31/12/2027' } }, 'acme-prod', 'notAfter', '"31/12/2027"', /is not a UTC date/);
    expectWarning({ key: { notAfter: '2020-01-01' } }, 'acme-prod', 'notAfter', /has passed/);
  });
});

describe('routes and limits', () => {
  it('refuses an invalid route', () => expectError({ collection: { routes: ['GET /orders', 'FETCH /orders'] } }, 'orders', 'routes[1]', '"FETCH /orders"', /has method "FETCH"/));
  it('refuses a route without a leading slash', () => expectError({ collection: { routes: ['GET orders'] } }, 'orders', 'routes[0]', '"GET orders"', /does not start with "\/"/));
  it('refuses a non-positive rate', () => expectError({ policy: { rateLimit: { requestsPerSecond: 0, burst: 10 } } }, 'standard', 'rateLimit.requestsPerSecond', '0', /not a rate/));
  it('refuses a fractional burst', () => expectError({ policy: { rateLimit: { requestsPerSecond: 5, burst: 2.5 } } }, 'standard', 'rateLimit.burst', '2.5', /not a whole number/));
  it('refuses an unknown quota period', () => expectError({ policy: { quota: { limit: 10, period: 'YEAR' as never } } }, 'standard', 'quota.period', '"YEAR"', /not DAY, WEEK or MONTH/));
  it('refuses a quota offset outside its period', () => expectError({ policy: { quota: { limit: 10, period: 'WEEK', offset: 7 } } }, 'standard', 'quota.offset', '7', /0 to 6/));
  it('warns about a burst below the rate', () => expectWarning({ policy: { rateLimit: { requestsPerSecond: 10, burst: 5 } } }, 'standard', 'rateLimit.burst', /caps the rate/));
});

describe('auth methods', () => {
  it('refuses an OIDC discovery URL that is not https', () =>
    expectError({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'http://idp.example.com/.well-known/openid-configuration', audience: 'api://orders' }) } }, 'acme', 'auth.discoveryUrl', '"http://idp.example.com/.well-known/openid-configuration"', /is not an https URL/));
  it('refuses an OIDC URL that is not a discovery document', () =>
    expectError({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/oauth2/default', audience: 'api://orders' }) } }, 'acme', 'auth.discoveryUrl', '"https://idp.example.com/oauth2/default"', /does not end with/));
  it('refuses an audience with spaces', () =>
    expectError({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', audience: [' api://orders'] }) } }, 'acme', 'auth.audience[0]', '" api://orders"', /not a valid audience/));
  it('refuses an OIDC client without an audience', () =>
    expectError({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } as never) } }, 'acme', 'auth.audience', 'undefined', /is required/));
  it('refuses an empty audience list', () =>
    expectError({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', audience: [] }) } }, 'acme', 'auth.audience', '[]', /is required/));
  it('warns about an OIDC client that opts out of the audience check with null', () =>
    expectWarning({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', audience: null }) } }, 'acme', 'auth.audience', /any other API/));
  it('warns that HMAC is deprecated', () =>
    expectWarning({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-AbCdEf')] }) } }, 'acme', 'auth', /HMAC is deprecated/));
  it('refuses an HMAC secret reference that is not an ARN', () =>
    expectError({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('acme/hmac')] }) } }, 'acme', 'auth.secrets[0]', '"acme/hmac"', /not a Secrets Manager secret ARN/));
});

describe('clients', () => {
  it('requires a description and an owner', () => {
    expectError({ client: { owner: '' } }, 'acme', 'owner', '""', /is missing/);
    expectError({ client: { description: '' } }, 'acme', 'description', '""', /is missing/);
  });
  it('refuses an invalid name', () => {
    const bad = synthLocal((scope) => new ApiCollection(scope, 'Orders_V2', { routes: ['GET /x'] }));
    expect(bad.failure).toMatch(/\[local\/data\/clients\/Orders_V2\] id = "Orders_V2": is not a valid API collection name\. Fix: use/);
  });
  it('refuses two clients of one name in different files', () => {
    const outcome = synthLocal((scope) => {
      declare()(new Construct(scope, 'team-a'));
      new ApiClient(new Construct(scope, 'team-b'), 'acme', { description: 'Another Acme', owner: 'team-b', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) });
    });
    expect(outcome.failure).toMatch(/\[local\/data\/clients\/team-b\/acme\] id = "acme": names a second client "acme"/);
  });
  it('warns about a client without collections or policy', () => {
    const outcome = synthLocal((scope) => void new ApiClient(scope, 'idle', { description: 'Not yet granted', owner: 'team-a', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) }));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.warnings.join('\n')).toMatch(/collections = \[\]: is empty.*\n.*policy = undefined: is not set/);
  });
  it('refuses a client declared outside a platform', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() => new ApiClient(stack, 'stray', { description: 'Stray', owner: 'me', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) })).toThrow(/inside a GatehousePlatform or GatehouseLocalData/);
  });
});

describe('platform settings', () => {
  function platformFailure(props: Parameters<typeof testPlatform>[1], declareClients: (scope: Construct) => void = () => undefined): string | undefined {
    const { app } = testPlatform(declareClients, props);
    try {
      app.synth();
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('accepts the defaults', () => {
    expect(platformFailure({})).toBeUndefined();
  });
  it('refuses a REST API whose key source is not AUTHORIZER', () => {
    expect(platformFailure({ restApiKeySource: 'HEADER' })).toMatch(/\[test\/platform\] restApi\.apiKeySource = "HEADER": is not AUTHORIZER.*Fix: set apiKeySource: 'AUTHORIZER'/);
  });
  it('refuses a result cache TTL above API Gateway\'s maximum', () => {
    expect(platformFailure({ resultCacheTtlSeconds: 7200 })).toMatch(/\[test\/platform\] resultCacheTtlSeconds = 7200: is not a whole number of seconds from 0 to 3600/);
  });
  it('refuses authorizer settings the Lambda would refuse', () => {
    expect(platformFailure({ authorizer: { recordCacheTtlSeconds: 0 } })).toMatch(/\[test\/platform\] authorizer = .*GATEHOUSE_RECORD_TTL_SECONDS="0": expected a whole number from 1 to 86400/);
  });
  it('refuses an OIDC client on plain loopback http in the AWS platform', () => {
    const failure = platformFailure({}, (scope) => {
      new ApiClient(scope, 'local-idp', {
        description: 'Uses a provider on this machine',
        owner: 'team-a',
        auth: ClientAuth.oidc({ discoveryUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration', audience: 'api://x' }),
      });
    });
    expect(failure).toMatch(/\[test\/platform\/clients\/local-idp\] auth\.discoveryUrl = "http:\/\/127\.0\.0\.1:9000\/\.well-known\/openid-configuration": is plain http to this machine/);
  });
});
