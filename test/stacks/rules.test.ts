/**
 * Every synth-time rule, alone: a definition it must catch (synth reports the rule's code, severity, the
 * construct, the field and a fix; an error fails a real synth) and a near miss it must let through. A
 * rule without both cases fails the last test, so a new rule cannot go untested.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import type { ReportedProblem } from '../../stacks/app/annotations';
import { markClientFile } from '../../stacks/constructs/catalog-host';
import { AccessPolicy, type AccessPolicyProps, ApiClient, type ApiClientProps, ApiCollection, type ApiCollectionProps, ApiKey, type ApiKeyProps, ClientAuth, GatehouseLocalData, HmacSecret } from '../../stacks/gatehouse';
import type { MutualTlsDomainSettings } from '../../stacks/constructs/mutual-tls-domain';
import { GatehouseHttpApi, type GatehouseHttpApiProps } from '../../stacks/constructs/gatehouse-http-api';
import { ALL_RULES } from '../../stacks/model/rules/index';
import { TEST_API_ROUTES } from '../support/api';
import { type CertificateAuthority, selfSignedCertificate, type TestCertificate, testCa } from '../support/certificates';
import { rsaKeyPair } from '../support/keys';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { type SynthOutcome, synthEnvironments, synthLocal, synthOutcome, testPlatform, TWO_ENVIRONMENTS } from '../support/stacks';

const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const otherPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const DAY = 86_400_000;
const DISCOVERY = 'https://idp.example.com/.well-known/openid-configuration';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-AbCdEf';
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let clientCertificate: TestCertificate;
let strangerCertificate: TestCertificate;
let expired: TestCertificate;
let future: TestCertificate;
let expiring: TestCertificate;

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([testCa(), testCa('CN=Other CA, O=Elsewhere')]);
  [clientCertificate, strangerCertificate, expired, future, expiring] = await Promise.all([
    ca.issueClient({ subject: 'CN=settlement, O=Secure Payments' }),
    otherCa.issueClient({ subject: 'CN=stranger' }),
    selfSignedCertificate({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }),
    selfSignedCertificate({ notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 100 * DAY) }),
    selfSignedCertificate({ notAfter: new Date(Date.now() + 10 * DAY) }),
  ]);
});

interface Overrides {
  readonly client?: Partial<ApiClientProps>;
  readonly key?: Partial<ApiKeyProps>;
  readonly policy?: Partial<AccessPolicyProps>;
  readonly collection?: Partial<ApiCollectionProps>;
}

/** A valid declaration, with parts overridden: one policy, one collection, one client, one key. */
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

/** An instant this many days from now, as a client file writes it. */
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
const local = (overrides: Overrides = {}, apiRoutes?: readonly string[]) => () => synthLocal(declare(overrides), { apiRoutes });
const onPlatform = (overrides: Overrides = {}, props: Parameters<typeof testPlatform>[1] = {}) => () => synthOutcome(testPlatform(declare(overrides), props).app);
const mtlsDomain = (overrides: Partial<MutualTlsDomainSettings> = {}): MutualTlsDomainSettings => ({ domainName: 'api.example.com', certificateArn: CERTIFICATE_ARN, truststorePem: ca.certificate.pem, ...overrides });
const withMtls = (overrides: Partial<MutualTlsDomainSettings> = {}, props: Parameters<typeof testPlatform>[1] = {}) => ({ mutualTls: mtlsDomain(overrides), disableExecuteApiEndpoint: true, ...props });

type HttpApiProps = Partial<Omit<GatehouseHttpApiProps, 'platform' | 'api'>>;
/** The declaration on a platform that also serves an HTTP API (or several) behind its authorizer. */
const onHttpApi =
  (overrides: Overrides = {}, ...apis: HttpApiProps[]) =>
  () => {
    const { app, stack, platform } = testPlatform(declare(overrides));
    (apis.length > 0 ? apis : [{}]).forEach((props, index) => {
      const api = new Apigatewayv2Api(stack, `http-${index}`, { name: `orders-http-${index}`, protocolType: 'HTTP' });
      new GatehouseHttpApi(stack, index === 0 ? 'http-api' : `http-api-${index + 1}`, { platform, api, routes: ['GET /orders'], target: 'integrations/abc123', ...props });
    });
    return synthOutcome(app);
  };

interface RuleCase {
  /** A definition the rule must catch. */
  readonly failing: () => SynthOutcome;
  /** Where the problem is reported (the construct path inside the clients scope, or the host's path) and on which field. */
  readonly at: string;
  readonly field: string;
  /** A near miss the rule must not report. */
  readonly passing: () => SynthOutcome;
}

const CASES: Record<string, RuleCase> = {
  'name/invalid': { failing: () => synthLocal((scope) => void new ApiCollection(scope, 'Orders_V2', { routes: ['GET /orders'] })), at: 'Orders_V2', field: 'id', passing: () => synthLocal((scope) => void new ApiCollection(scope, 'orders-v2', { routes: ['GET /orders'] })) },

  'policy/limits-nothing': { failing: local({ policy: { rateLimit: undefined } }), at: 'standard', field: 'rateLimit', passing: local({ policy: { rateLimit: undefined, quota: { limit: 10, period: 'DAY' } } }) },
  'policy/rate-invalid': { failing: local({ policy: { rateLimit: { requestsPerSecond: 0, burst: 10 } } }), at: 'standard', field: 'rateLimit.requestsPerSecond', passing: local({ policy: { rateLimit: { requestsPerSecond: 0.5, burst: 10 } } }) },
  'policy/burst-invalid': { failing: local({ policy: { rateLimit: { requestsPerSecond: 2, burst: 2.5 } } }), at: 'standard', field: 'rateLimit.burst', passing: local({ policy: { rateLimit: { requestsPerSecond: 2, burst: 3 } } }) },
  'policy/burst-below-rate': { failing: local({ policy: { rateLimit: { requestsPerSecond: 10, burst: 5 } } }), at: 'standard', field: 'rateLimit.burst', passing: local({ policy: { rateLimit: { requestsPerSecond: 10, burst: 10 } } }) },
  'policy/quota-limit-invalid': { failing: local({ policy: { quota: { limit: 0, period: 'DAY' } } }), at: 'standard', field: 'quota.limit', passing: local({ policy: { quota: { limit: 1, period: 'DAY' } } }) },
  'policy/quota-period-invalid': { failing: local({ policy: { quota: { limit: 10, period: 'YEAR' as never } } }), at: 'standard', field: 'quota.period', passing: local({ policy: { quota: { limit: 10, period: 'MONTH' } } }) },
  'policy/quota-offset-invalid': { failing: local({ policy: { quota: { limit: 10, period: 'WEEK', offset: 7 } } }), at: 'standard', field: 'quota.offset', passing: local({ policy: { quota: { limit: 10, period: 'WEEK', offset: 6 } } }) },

  'collection/routes-empty': { failing: local({ collection: { routes: [] } }), at: 'orders', field: 'routes', passing: local({ collection: { routes: ['GET /health'] } }) },
  'collection/route-invalid': { failing: local({ collection: { routes: ['GET /orders', 'FETCH /orders'] } }), at: 'orders', field: 'routes[1]', passing: local({ collection: { routes: ['GET /orders', 'POST /orders'] } }) },
  'collection/route-duplicate': { failing: local({ collection: { routes: ['GET /orders', 'get /orders'] } }), at: 'orders', field: 'routes[1]', passing: local({ collection: { routes: ['GET /orders', 'POST /orders'] } }) },
  'collection/route-unused': { failing: local({ collection: { routes: ['GET /orders', 'GET /nowhere'] } }), at: 'orders', field: 'routes[1]', passing: local({ collection: { routes: ['GET /orders', 'GET /orders/{id}'] } }) },

  'api/routes-empty': { failing: local({}, []), at: 'local/data', field: 'api.routes', passing: local({}, ['GET /orders']) },
  'api/route-invalid': { failing: local({}, ['GET /orders', 'FETCH /x']), at: 'local/data', field: 'api.routes[1]', passing: local({}, ['GET /orders', 'ANY /x']) },
  'api/route-duplicate': { failing: local({}, ['GET /orders', 'GET /orders']), at: 'local/data', field: 'api.routes[1]', passing: local({}, ['GET /orders', 'POST /orders']) },
  'api/parameter-name-conflict': { failing: local({}, ['GET /orders', 'GET /orders/{id}', 'DELETE /orders/{orderId}']), at: 'local/data', field: 'api.routes[2]', passing: local({}, ['GET /orders', 'GET /orders/{id}', 'DELETE /orders/{id}']) },
  'api/too-many-resources': {
    failing: local({}, ['GET /orders', ...Array.from({ length: 300 }, (_, index) => `GET /r${index}`)]),
    at: 'local/data',
    field: 'api.routes',
    passing: local({}, ['GET /orders', ...Array.from({ length: 299 }, (_, index) => `GET /r${index}`)]),
  },

  'client/description-missing': { failing: local({ client: { description: '' } }), at: 'acme', field: 'description', passing: local({ client: { description: 'Syncs' } }) },
  'client/owner-missing': { failing: local({ client: { owner: '' } }), at: 'acme', field: 'owner', passing: local({ client: { owner: 'me' } }) },
  'client/collection-unknown': { failing: local({ client: { collections: [undefined as never] } }), at: 'acme', field: 'collections[0]', passing: local() },
  'client/collections-empty': { failing: local({ client: { collections: [] } }), at: 'acme', field: 'collections', passing: local() },
  'client/policy-missing': {
    failing: () =>
      synthLocal((scope) => {
        const collection = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
        new ApiClient(scope, 'acme', { description: 'Acme order sync', owner: 'team-partners', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), collections: [collection] });
      }),
    at: 'acme',
    field: 'policy',
    passing: local(),
  },
  'client/policy-unknown': { failing: local({ client: { policy: undefined } }), at: 'acme', field: 'policy', passing: local() },
  'client/policy-not-exact': {
    failing: local({ collection: { routes: ['* /{p}/v1/{rest+}'] } }, ['GET /{all+}', 'ANY /{p}/v1/{rest+}']),
    at: 'acme',
    field: 'collections',
    passing: local({ collection: { routes: ['* /{p}/v1/{rest+}'] } }, ['GET /orders', 'ANY /{p}/v1/{rest+}']),
  },
  'client/expiry-not-required': { failing: local({ client: { tokens: { requireExpiry: false } } }), at: 'acme', field: 'tokens.requireExpiry', passing: local({ client: { tokens: { requireExpiry: true } } }) },
  'client/max-lifetime-invalid': { failing: local({ client: { tokens: { maxLifetimeSeconds: 0 } } }), at: 'acme', field: 'tokens.maxLifetimeSeconds', passing: local({ client: { tokens: { maxLifetimeSeconds: null } } }) },
  'client/public-keys-empty': { failing: local({ client: { auth: ClientAuth.rsa({ publicKeys: [] }) } }), at: 'acme', field: 'auth.publicKeys', passing: local() },
  'client/public-keys-too-many': {
    failing: local({ client: { auth: ClientAuth.rsa({ publicKeys: Array.from({ length: 11 }, () => publicPem) }) } }),
    at: 'acme',
    field: 'auth.publicKeys',
    passing: local({ client: { auth: ClientAuth.rsa({ publicKeys: [publicPem, otherPem] }) } }),
  },
  'client/public-key-invalid': {
    failing: local({ client: { auth: ClientAuth.rsa({ publicKeys: ['-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----'] }) } }),
    at: 'acme',
    field: 'auth.publicKeys[0]',
    passing: local({ client: { auth: ClientAuth.rsa({ publicKeys: [publicPem] }) } }),
  },
  'client/public-key-duplicate': { failing: local({ client: { auth: ClientAuth.rsa({ publicKeys: [publicPem, publicPem] }) } }), at: 'acme', field: 'auth.publicKeys[1]', passing: local({ client: { auth: ClientAuth.rsa({ publicKeys: [publicPem, otherPem] }) } }) },
  'client/hmac-deprecated': { failing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN)] }) } }), at: 'acme', field: 'auth', passing: local() },
  'client/hmac-secrets-empty': { failing: local({ client: { auth: ClientAuth.hmac({ secrets: [] }) } }), at: 'acme', field: 'auth.secrets', passing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN)] }) } }) },
  'client/hmac-secret-arn-invalid': {
    failing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('acme/hmac')] }) } }),
    at: 'acme',
    field: 'auth.secrets[0]',
    passing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN)] }) } }),
  },
  'client/hmac-json-field-invalid': {
    failing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN, { jsonField: 'bad field!' })] }) } }),
    at: 'acme',
    field: 'auth.secrets[0].jsonField',
    passing: local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN, { jsonField: 'hmac_secret' })] }) } }),
  },
  'client/discovery-url-invalid': {
    failing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'http://idp.example.com/.well-known/openid-configuration', audience: 'api://orders' }) } }),
    at: 'acme',
    field: 'auth.discoveryUrl',
    passing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: 'api://orders' }) } }),
  },
  'client/audience-missing': { failing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY } as never) } }), at: 'acme', field: 'auth.audience', passing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: ['api://orders'] }) } }) },
  'client/audience-not-checked': { failing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: null }) } }), at: 'acme', field: 'auth.audience', passing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: 'api://orders' }) } }) },
  'client/audience-invalid': { failing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: [' api://orders'] }) } }), at: 'acme', field: 'auth.audience[0]', passing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: DISCOVERY, audience: ['api://orders'] }) } }) },
  'client/mtls-names-nothing': { failing: local({ client: { mtls: {} } }), at: 'acme', field: 'mtls', passing: () => synthLocal(declare({ client: { mtls: { fingerprints: [clientCertificate.fingerprint] } } })) },
  'client/mtls-certificate-invalid': { failing: local({ client: { mtls: { certificates: ['not a certificate'] } } }), at: 'acme', field: 'mtls.certificates[0]', passing: () => synthLocal(declare({ client: { mtls: { certificates: [clientCertificate.pem] } } })) },
  'client/mtls-subject-invalid': { failing: local({ client: { mtls: { subjects: ['not a name'] } } }), at: 'acme', field: 'mtls.subjects[0]', passing: local({ client: { mtls: { subjects: ['CN=settlement,O=Secure Payments'] } } }) },
  'client/mtls-fingerprint-invalid': { failing: local({ client: { mtls: { fingerprints: ['abc'] } } }), at: 'acme', field: 'mtls.fingerprints[0]', passing: () => synthLocal(declare({ client: { mtls: { fingerprints: [clientCertificate.fingerprint.toUpperCase()] } } })) },
  'client/discovery-url-loopback': {
    failing: onPlatform({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration', audience: 'api://x' }) } }),
    at: 'acme',
    field: 'auth.discoveryUrl',
    passing: local({ client: { auth: ClientAuth.oidc({ discoveryUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration', audience: 'api://x' }) } }),
  },
  'client/mtls-without-domain': {
    failing: () => synthOutcome(testPlatform(declare({ client: { mtls: { certificates: [clientCertificate.pem] } } })).app),
    at: 'acme',
    field: 'mtls',
    passing: () => synthOutcome(testPlatform(declare({ client: { mtls: { certificates: [clientCertificate.pem] } } }), withMtls()).app),
  },
  'client/mtls-certificate-untrusted': {
    failing: () => synthOutcome(testPlatform(declare({ client: { mtls: { certificates: [strangerCertificate.pem] } } }), withMtls()).app),
    at: 'acme',
    field: 'mtls.certificates',
    passing: () => synthOutcome(testPlatform(declare({ client: { mtls: { certificates: [clientCertificate.pem] } } }), withMtls()).app),
  },

  'certificate/expired': { failing: () => synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [expired.pem] }) } })), at: 'acme', field: 'auth.publicKeys[0]', passing: () => synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [clientCertificate.pem] }) } })) },
  'certificate/not-yet-valid': { failing: () => synthLocal(declare({ client: { mtls: { certificates: [future.pem] } } })), at: 'acme', field: 'mtls.certificates[0]', passing: () => synthLocal(declare({ client: { mtls: { certificates: [clientCertificate.pem] } } })) },
  'certificate/expiring': { failing: () => synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [expiring.pem] }) } })), at: 'acme', field: 'auth.publicKeys[0]', passing: () => synthLocal(declare({ client: { auth: ClientAuth.rsa({ publicKeys: [clientCertificate.pem] }) } })) },

  'http-api/route-invalid': { failing: onHttpApi({}, { routes: ['GET /orders', 'FETCH /x'] }), at: 'test/http-api', field: 'routes[1]', passing: onHttpApi({}, { routes: ['GET /orders', '$default'] }) },
  'http-api/route-duplicate': { failing: onHttpApi({}, { routes: ['GET /orders', 'GET /orders'] }), at: 'test/http-api', field: 'routes[1]', passing: onHttpApi({}, { routes: ['GET /orders', 'POST /orders'] }) },
  'http-api/result-cache-ttl-invalid': { failing: onHttpApi({}, { resultCacheTtlSeconds: 3601 }), at: 'test/http-api', field: 'resultCacheTtlSeconds', passing: onHttpApi({}, { resultCacheTtlSeconds: 3600 }) },
  'http-api/payload-format-invalid': { failing: onHttpApi({}, { payloadFormatVersion: '3.0' as never }), at: 'test/http-api', field: 'payloadFormatVersion', passing: onHttpApi({}, { payloadFormatVersion: '1.0' }) },
  'http-api/simple-responses-need-payload-2': {
    failing: onHttpApi({}, { payloadFormatVersion: '1.0', simpleResponses: true }),
    at: 'test/http-api',
    field: 'simpleResponses',
    passing: onHttpApi({}, { payloadFormatVersion: '2.0', simpleResponses: true }),
  },
  'http-api/response-format-conflict': {
    failing: onHttpApi({}, { simpleResponses: true }, { simpleResponses: false }),
    at: 'test/http-api-2',
    field: 'simpleResponses',
    passing: onHttpApi({}, { simpleResponses: false }, { simpleResponses: false }, { payloadFormatVersion: '1.0' }),
  },
  'client/limits-on-http-api': { failing: onHttpApi(), at: 'acme', field: 'policy', passing: onHttpApi({ client: { policy: undefined } }) },
  'client/route-partly-granted-on-http-api': {
    failing: onHttpApi({ collection: { routes: ['GET /orders'] } }, { routes: ['ANY /orders'] }),
    at: 'acme',
    field: 'collections',
    passing: onHttpApi({ collection: { routes: ['GET /orders'] } }, { routes: ['GET /orders', 'GET /invoices'] }),
  },

  'key/hash-is-token': { failing: local({ key: { tokenHash: mintApiKeyToken() } }), at: 'acme-prod', field: 'tokenHash', passing: local({ key: { tokenHash: declaredKeyHash(mintApiKeyToken()) } }) },
  'key/hash-invalid': { failing: local({ key: { tokenHash: 'sha256:abc' } }), at: 'acme-prod', field: 'tokenHash', passing: local() },
  'key/not-after-invalid': { failing: local({ key: { notAfter: '31/12/2027' } }), at: 'acme-prod', field: 'notAfter', passing: local({ key: { notAfter: '2099-12-31' } }) },
  'key/not-after-passed': { failing: local({ key: { notAfter: '2020-01-01' } }), at: 'acme-prod', field: 'notAfter', passing: local({ key: { notAfter: '2099-12-31T12:00:00Z' } }) },
  'key/not-after-soon': { failing: local({ key: { notAfter: inDays(10) } }), at: 'acme-prod', field: 'notAfter', passing: local({ key: { notAfter: inDays(100) } }) },
  'key/ip-entry-invalid': { failing: local({ key: { allowedIps: ['123.456.123.456'] } }), at: 'acme-prod', field: 'allowedIps[0]', passing: local({ key: { allowedIps: ['123.45.123.45'] } }) },
  'key/ip-entry-host-bits': { failing: local({ key: { allowedIps: ['10.1.2.3/8'] } }), at: 'acme-prod', field: 'allowedIps[0]', passing: local({ key: { allowedIps: ['10.0.0.0/8'] } }) },
  'key/allowed-entry-unreachable': {
    failing: local({ key: { allowedIps: ['198.51.100.0/24', '203.0.113.7'], blockedIps: ['203.0.113.0/24'] } }),
    at: 'acme-prod',
    field: 'allowedIps[1]',
    passing: local({ key: { allowedIps: ['203.0.113.0/24'], blockedIps: ['203.0.113.7'] } }),
  },
  'key/blocked-entry-no-effect': { failing: local({ key: { allowedIps: ['10.0.0.0/8'], blockedIps: ['192.168.1.1'] } }), at: 'acme-prod', field: 'blockedIps[0]', passing: local({ key: { allowedIps: ['10.0.0.0/8'], blockedIps: ['10.0.0.66'] } }) },
  'key/client-elsewhere': {
    failing: () =>
      synthLocal((scope) => {
        const elsewhere = new GatehouseLocalData(new TerraformStack(scope.node.root as Construct, 'elsewhere'), 'data', { apiRoutes: TEST_API_ROUTES });
        const foreign = new ApiClient(elsewhere.clients, 'foreign', { description: 'Declared elsewhere', owner: 'team-b', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) });
        new ApiKey(scope, 'stray', { client: foreign, tokenHash: declaredKeyHash(mintApiKeyToken()) });
      }),
    at: 'stray',
    field: 'client',
    passing: local(),
  },
  'catalog/name-duplicate': {
    failing: () =>
      synthLocal((scope) => {
        declare()(fileScope(scope, 'team-a'));
        new ApiClient(fileScope(scope, 'team-b'), 'acme', { description: 'Another Acme', owner: 'team-b', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), collections: [] });
      }),
    at: 'team-b/acme',
    field: 'id',
    passing: () =>
      synthLocal((scope) => {
        declare()(fileScope(scope, 'team-a'));
        new ApiClient(fileScope(scope, 'team-b'), 'acme-two', { description: 'Another Acme', owner: 'team-b', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), collections: [] });
      }),
  },
  'key/name-duplicate': {
    failing: () =>
      synthLocal((scope) => {
        declare()(scope);
        new ApiKey(scope, 'acme-prod', { client: scope.node.findChild('acme') as ApiClient, tokenHash: declaredKeyHash(mintApiKeyToken()) });
      }),
    at: 'acme-prod~2',
    field: 'id',
    passing: () =>
      synthLocal((scope) => {
        declare()(scope);
        new ApiKey(scope, 'acme-next', { client: scope.node.findChild('acme') as ApiClient, tokenHash: declaredKeyHash(mintApiKeyToken()) });
      }),
  },
  'key/hash-duplicate': {
    failing: () => {
      const hash = declaredKeyHash(mintApiKeyToken());
      return synthLocal((scope) => {
        declare({ key: { tokenHash: hash } })(scope);
        new ApiKey(scope, 'acme-next', { client: scope.node.findChild('acme') as ApiClient, tokenHash: hash });
      });
    },
    at: 'acme-next',
    field: 'tokenHash',
    passing: () =>
      synthLocal((scope) => {
        declare()(scope);
        new ApiKey(scope, 'acme-next', { client: scope.node.findChild('acme') as ApiClient, tokenHash: declaredKeyHash(mintApiKeyToken()) });
      }),
  },

  'aws/name-out-of-limits': { failing: onPlatform({}, { namePrefix: `p${'x'.repeat(59)}` }), at: 'test/platform', field: 'namePrefix', passing: onPlatform({}, { namePrefix: 'p'.repeat(53) }) },

  'state/local-file': {
    failing: () => synthEnvironments([], TWO_ENVIRONMENTS, { localState: 'allow', stateBucket: undefined }),
    at: 'gatehouse-staging',
    field: 'GATEHOUSE_LOCAL_STATE',
    passing: () => synthEnvironments([], TWO_ENVIRONMENTS, { localState: undefined, stateBucket: 'acme-state' }),
  },

  'environment/name-invalid': {
    failing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, name: 'Staging_1' }]),
    at: 'gatehouse-Staging_1/platform',
    field: 'name',
    passing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, name: 'staging-1' }]),
  },
  'environment/name-duplicate': {
    failing: () => synthEnvironments([], [TWO_ENVIRONMENTS[0]!, { ...TWO_ENVIRONMENTS[1]!, name: 'staging' }]),
    at: 'gatehouse-staging/platform',
    field: 'name',
    passing: () => synthEnvironments([], TWO_ENVIRONMENTS),
  },
  'environment/account-invalid': {
    failing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, account: '1234' }]),
    at: 'gatehouse-staging/platform',
    field: 'account',
    passing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, account: '123456789012' }]),
  },
  'environment/existing-api-invalid': {
    failing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, api: { kind: 'existing', restApiId: 'Not-An-Id', stageName: 'prod', routes: ['GET /orders'] } }]),
    at: 'gatehouse-staging/platform',
    field: 'api.restApiId',
    passing: () => synthEnvironments([], [{ ...TWO_ENVIRONMENTS[0]!, api: { kind: 'existing', restApiId: 'a1b2c3d4e5', stageName: 'prod', routes: ['GET /orders'] } }]),
  },
  'client/environment-unknown': {
    failing: () => synthEnvironments([clientFile({ client: { environments: ['staging', 'qa'] } })]),
    at: 'partner/partner',
    field: 'environments[1]',
    passing: () => synthEnvironments([clientFile({ client: { environments: ['staging'] } })]),
  },
  'key/environment-missing': {
    failing: () => synthEnvironments([clientFile({ key: { environment: undefined } })]),
    at: 'partner/partner-main',
    field: 'environment',
    passing: () => synthEnvironments([clientFile({ key: { environment: 'production' } })]),
  },
  'key/environment-unknown': {
    failing: () => synthEnvironments([clientFile({ key: { environment: 'prod' } })]),
    at: 'partner/partner-main',
    field: 'environment',
    passing: () => synthEnvironments([clientFile({ key: { environment: 'production' } })]),
  },
  'key/client-not-in-environment': {
    failing: () => synthEnvironments([clientFile({ client: { environments: ['staging'] }, key: { environment: 'production' } })]),
    at: 'partner/partner-main',
    field: 'environment',
    passing: () => synthEnvironments([clientFile({ client: { environments: ['staging'] }, key: { environment: 'staging' } })]),
  },
  'key/hash-in-several-environments': {
    failing: () => synthEnvironments([clientFile({ key: { environment: 'staging' }, second: { environment: 'production' } })]),
    at: 'partner/partner-second',
    field: 'tokenHash',
    passing: () => synthEnvironments([clientFile({ key: { environment: 'staging' }, second: { environment: 'production', tokenHash: declaredKeyHash(mintApiKeyToken()) } })]),
  },

  'platform/log-retention-invalid': { failing: onPlatform({}, { logRetentionDays: 2 }), at: 'test/platform', field: 'logRetentionDays', passing: onPlatform({}, { logRetentionDays: 3 }) },
  'platform/authorizer-setting-invalid': { failing: onPlatform({}, { authorizer: { recordCacheTtlSeconds: 0 } }), at: 'test/platform', field: 'authorizer', passing: onPlatform({}, { authorizer: { recordCacheTtlSeconds: 1 } }) },
  'platform/result-cache-ttl-invalid': { failing: onPlatform({}, { resultCacheTtlSeconds: 7200 }), at: 'test/platform', field: 'resultCacheTtlSeconds', passing: onPlatform({}, { resultCacheTtlSeconds: 3600 }) },
  'platform/result-cache-with-mtls': { failing: () => synthOutcome(testPlatform(declare(), withMtls({}, { resultCacheTtlSeconds: 300 })).app), at: 'test/platform', field: 'resultCacheTtlSeconds', passing: () => synthOutcome(testPlatform(declare(), withMtls()).app) },
  'platform/mtls-domain-invalid': { failing: () => synthOutcome(testPlatform(declare(), withMtls({ domainName: 'API.Example' })).app), at: 'test/platform', field: 'mutualTls.domainName', passing: () => synthOutcome(testPlatform(declare(), withMtls({ domainName: 'api.example.org' })).app) },
  'platform/mtls-certificate-arn-invalid': { failing: () => synthOutcome(testPlatform(declare(), withMtls({ certificateArn: 'arn:aws:acm:eu-west-1:123:certificate/x' })).app), at: 'test/platform', field: 'mutualTls.certificateArn', passing: () => synthOutcome(testPlatform(declare(), withMtls()).app) },
  'platform/truststore-private-key': {
    failing: () => synthOutcome(testPlatform(declare(), withMtls({ truststorePem: `${ca.certificate.pem}\n${ca.certificate.privateKeyPem}` })).app),
    at: 'test/platform',
    field: 'mutualTls.truststorePem',
    passing: () => synthOutcome(testPlatform(declare(), withMtls()).app),
  },
  'platform/truststore-empty': { failing: () => synthOutcome(testPlatform(declare(), withMtls({ truststorePem: 'nothing here' })).app), at: 'test/platform', field: 'mutualTls.truststorePem', passing: () => synthOutcome(testPlatform(declare(), withMtls()).app) },
  'platform/truststore-certificate-invalid': {
    failing: () => synthOutcome(testPlatform(declare(), withMtls({ truststorePem: `${ca.certificate.pem}\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n` })).app),
    at: 'test/platform',
    field: 'mutualTls.truststorePem[1]',
    passing: () => synthOutcome(testPlatform(declare(), withMtls({ truststorePem: `${ca.certificate.pem}\n${otherCa.certificate.pem}` })).app),
  },
  'platform/truststore-not-ca': { failing: () => synthOutcome(testPlatform(declare(), withMtls({ truststorePem: clientCertificate.pem })).app), at: 'test/platform', field: 'mutualTls.truststorePem[0]', passing: () => synthOutcome(testPlatform(declare(), withMtls()).app) },
  'platform/api-key-source-not-authorizer': { failing: onPlatform({}, { restApiKeySource: 'HEADER' }), at: 'test/platform', field: 'restApi.apiKeySource', passing: onPlatform({}, { restApiKeySource: 'AUTHORIZER' }) },
  'platform/default-endpoint-enabled': { failing: () => synthOutcome(testPlatform(declare(), { mutualTls: mtlsDomain() }).app), at: 'test/platform', field: 'mutualTls.disableDefaultEndpoint', passing: () => synthOutcome(testPlatform(declare(), withMtls()).app) },
};

/** One client file for an app of environments: a client and its key, and optionally a second key. */
function clientFile(overrides: { client?: Partial<ApiClientProps>; key?: Partial<ApiKeyProps>; second?: Partial<ApiKeyProps> } = {}): ClientFile {
  const tokenHash = declaredKeyHash(mintApiKeyToken());
  return {
    name: 'partner',
    path: 'stacks/clients/partner.ts',
    declare: (scope, { policies, collections }) => {
      const client = new ApiClient(scope, 'partner', { description: 'Partner sync', owner: 'team-partners', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), policy: policies.standard, collections: [collections.orders], ...overrides.client });
      new ApiKey(scope, 'partner-main', { client, environment: 'staging', tokenHash, ...overrides.key });
      if (overrides.second) new ApiKey(scope, 'partner-second', { client, tokenHash, ...overrides.second });
    },
  };
}

/** A scope that stands for a client file, as the clients folder makes them. */
function fileScope(scope: Construct, name: string): Construct {
  const file = new Construct(scope, name);
  markClientFile(file, `stacks/clients/${name}.ts`);
  return file;
}

const find = (outcome: SynthOutcome, code: string) => outcome.problems.filter((problem) => problem.code === code);
const where = (problem: ReportedProblem) => (problem.where.includes('/clients/') ? problem.where : problem.where);

describe.each(ALL_RULES.map((rule) => [rule.code, rule] as const))('%s', (code, rule) => {
  const testCase = CASES[code];
  it(`reports ${rule.severity === 'error' ? 'an error that fails synth' : 'a warning'} on the construct and field, with a fix`, () => {
    expect(testCase).toBeDefined();
    const outcome = testCase!.failing();
    const found = find(outcome, code);
    expect(found.map((problem) => [problem.level, where(problem), problem.field])).toContainEqual([rule.severity, testCase!.at, testCase!.field]);
    expect(found.every((problem) => problem.fix.length >= 10)).toBe(true);
    if (rule.severity === 'error') expect(outcome.failure).toContain(code);
  });
  it('lets the near miss through', () => {
    const outcome = testCase!.passing();
    expect(find(outcome, code)).toEqual([]);
  });
});

describe('problems', () => {
  it('a valid definition has none', () => {
    expect(synthLocal(declare()).problems).toEqual([]);
  });

  it('never echo a secret pasted where it does not belong', () => {
    const token = mintApiKeyToken();
    const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const outcome = synthLocal(declare({ key: { tokenHash: token }, client: { auth: ClientAuth.rsa({ publicKeys: [privatePem] }) } }));
    expect(outcome.failure).toContain('<an API key token, not shown>');
    expect(outcome.failure).toContain('<a private key, not shown>');
    expect(outcome.failure).not.toContain(token);
    expect(outcome.failure).not.toContain(privatePem.split('\n')[1]);
  });

  it('name the client file, and a duplicate name is reported in both files, each naming the other', () => {
    const outcome = CASES['catalog/name-duplicate']!.failing();
    const clashes = find(outcome, 'catalog/name-duplicate').map((problem) => [problem.file, problem.message]);
    expect(clashes).toEqual(
      expect.arrayContaining([
        ['stacks/clients/team-a.ts', expect.stringContaining('also declared in stacks/clients/team-b.ts')],
        ['stacks/clients/team-b.ts', expect.stringContaining('also declared in stacks/clients/team-a.ts')],
      ]),
    );
    expect(outcome.failure).toContain('stacks/clients/team-b.ts: catalog/name-duplicate');
  });

  it('a misspelled collection is a problem naming the catalog\'s collections, not a crash', () => {
    const outcome = synthLocal(declare({ client: { collections: [undefined as never] } }));
    expect(find(outcome, 'client/collection-unknown')[0]?.fix).toContain('orders');
  });

  it('a client declared outside a platform throws with the place to declare it', () => {
    const stack = new TerraformStack(new Construct(undefined as never, 'root'), 'x');
    expect(() => new ApiClient(stack, 'stray', { description: 'Stray', owner: 'me', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) })).toThrow(/inside a GatehousePlatform or GatehouseLocalData/);
  });
});

describe('suppressions', () => {
  const hmacWith = (suppressions: ApiClientProps['suppressions']) => local({ client: { auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_ARN)] }), suppressions } });

  it('accept a warning with a reason, which validate can still list', () => {
    const outcome = hmacWith([{ code: 'client/hmac-deprecated', reason: 'Legacy billing cannot sign RS256 until its 2027 rewrite' }])();
    expect(find(outcome, 'client/hmac-deprecated')).toEqual([]);
    expect(outcome.failure).toBeUndefined();
  });

  it.each([
    ['an error', { code: 'client/hmac-secret-arn-invalid', reason: 'We know what we are doing here' }, /errors cannot be suppressed/],
    ['an unknown code', { code: 'client/nonsense', reason: 'We know what we are doing here' }, /names no Gatehouse rule/],
    ['no reason', { code: 'client/hmac-deprecated', reason: 'ok' }, /has no reason/],
  ])('refuse %s', (_, suppression, message) => {
    const outcome = hmacWith([suppression])();
    const [problem] = find(outcome, 'suppression/invalid');
    expect(problem?.message).toMatch(message);
    expect(outcome.failure).toContain('suppression/invalid');
  });
});
