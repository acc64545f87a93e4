/**
 * The access model built from catalogs: key material identities (checked against jose and OpenSSL-style
 * fingerprints computed here), routes (against the route language's own matcher and API Gateway's
 * resource selection), IP space (against the authorizer's IP rules), limits, key status and environments.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { checkIpRules, IpRuleSet } from '../../lambda/ip-rules';
import { ipAddressKey } from '../../record/ip-entries';
import { ApiRouter, grantAdmits, HTTP_METHODS, pathSegments } from '../../record/routes';
import { AccessPolicy, ApiClient, ApiCollection, ApiKey, ClientAuth, HmacSecret } from '../../stacks/gatehouse';
import { type AccessInput, buildAccessModel } from '../../stacks/model/access/build-model';
import { rangesFromHex, rangesText } from '../../stacks/model/access/ip-space';
import type { ClientAccess } from '../../stacks/model/access/model';
import { renderAccessModel } from '../../stacks/model/access/render-model';
import { routesReached } from '../../stacks/model/access/route-reach';
import { apiRoutes, grantedRoutes, TEST_API_ROUTES } from '../support/api';
import { selfSignedCertificate } from '../support/certificates';
import { rsaKeyPair } from '../support/keys';
import { TEST_NOW, testPlatform } from '../support/stacks';

const HMAC_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-hmac-AbCdEf';
const now = new Date(TEST_NOW);
const publicPem = (pair = rsaKeyPair()) => pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
const TOKEN_HASH = (n: number) => `sha256:${createHash('sha256').update(`token ${n}`).digest('hex')}`;

function modelOf(declare: Parameters<typeof testPlatform>[0], environment = 'default') {
  const { platform } = testPlatform(declare, { now: TEST_NOW });
  const input: AccessInput = { environment, catalog: platform.catalog };
  return buildAccessModel([input], now);
}

function only(model: ReturnType<typeof modelOf>, name: string): ClientAccess {
  const client = model.environments[0]?.clients.find((entry) => entry.name === name);
  if (!client) throw new Error(`no client ${name}`);
  return client;
}

describe('auth identities', () => {
  it('names RSA keys by their RFC 7638 thumbprint, certificates by subject, expiry and SHA-256', async () => {
    const pair = rsaKeyPair(3072);
    const certificate = await selfSignedCertificate({ subject: 'CN=acme-signing, O=Acme', notAfter: new Date('2027-03-01T00:00:00Z') });
    const model = modelOf((scope) => {
      const policy = new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 50, burst: 100 }, quota: { limit: 1000, period: 'DAY' } });
      const orders = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
      new ApiClient(scope, 'acme', { description: 'Acme', owner: 'team-a', auth: ClientAuth.rsa({ publicKeys: [publicPem(pair), certificate.pem] }), policy, collections: [orders] });
    });
    const client = only(model, 'acme');
    expect(client.auth.method).toBe('rsa');
    const keys = client.auth.method === 'rsa' ? client.auth.publicKeys : [];
    const x509 = new X509Certificate(certificate.pem);
    expect(keys).toEqual([
      { thumbprint: await calculateJwkThumbprint(pair.publicKey.export({ format: 'jwk' }) as JWK), bits: 3072, format: 'spki' },
      {
        thumbprint: await calculateJwkThumbprint(x509.publicKey.export({ format: 'jwk' }) as JWK),
        bits: 2048,
        format: 'x509',
        certificate: { subject: 'CN=acme-signing, O=Acme', notAfter: '2027-03-01T00:00:00Z', fingerprint: createHash('sha256').update(x509.raw).digest('hex').toUpperCase().match(/../g)!.join(':') },
      },
    ]);
    expect(client.policy).toEqual({ name: 'standard', rateLimit: { requestsPerSecond: 50, burst: 100 }, quota: { limit: 1000, period: 'DAY', offset: 0 } });
    expect(client.tokens).toEqual({ requireExpiry: true, maxLifetimeSeconds: 86_400 });
  });

  it('names an HMAC secret by its reference only, and an OIDC provider by issuer and audiences', () => {
    const model = modelOf((scope) => {
      const invoices = new ApiCollection(scope, 'invoices', { routes: ['GET /invoices'] });
      const policy = new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 5, burst: 10 } });
      new ApiClient(scope, 'billing', { description: 'b', owner: 'team-b', auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(HMAC_ARN, { jsonField: 'key' })] }), policy, collections: [invoices] });
      new ApiClient(scope, 'robots', {
        description: 'r',
        owner: 'team-r',
        auth: ClientAuth.oidc({ discoveryUrl: 'https://login.example.com/tenant/.well-known/openid-configuration', audience: ['api://a', 'api://b'] }),
        policy,
        collections: [invoices],
        tokens: { requireExpiry: false },
      });
    });
    expect(only(model, 'billing').auth).toEqual({ method: 'hmac', secretRefs: [`${HMAC_ARN}#key`] });
    expect(only(model, 'robots').auth).toEqual({
      method: 'oidc',
      discoveryUrl: 'https://login.example.com/tenant/.well-known/openid-configuration',
      issuer: 'https://login.example.com/tenant',
      audiences: ['api://a', 'api://b'],
      audienceChecked: true,
    });
    expect(only(model, 'robots').tokens).toEqual({ requireExpiry: false, maxLifetimeSeconds: null });
    expect(only(model, 'robots').policy?.quota).toBeNull();
  });
});

describe('keys', () => {
  it('gives each rule its address count and the key the space it admits, with status at the given instant', () => {
    const model = modelOf((scope) => {
      const orders = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
      const client = new ApiClient(scope, 'acme', { description: 'a', owner: 'o', auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(HMAC_ARN)] }), collections: [orders] });
      new ApiKey(scope, 'ranged', { client, tokenHash: TOKEN_HASH(1), allowedIps: ['198.51.100.0/24', '2001:db8::/48'], blockedIps: ['198.51.100.13', '198.51.100.64/30'], notAfter: '2027-12-31' });
      new ApiKey(scope, 'anywhere', { client, tokenHash: TOKEN_HASH(2), blockedIps: ['10.0.0.0/8'] });
      new ApiKey(scope, 'old', { client, tokenHash: TOKEN_HASH(3), notAfter: '2026-05-31' });
      new ApiKey(scope, 'off', { client, tokenHash: TOKEN_HASH(4), enabled: false });
    });
    const [ranged, anywhere, old, off] = only(model, 'acme').keys;
    expect(ranged).toMatchObject({ name: 'ranged', tokenHash: TOKEN_HASH(1), notAfter: '2027-12-31T00:00:00Z', status: 'active', enabled: true });
    expect(ranged?.ip.allowed.map((rule) => [rule.canonical, rule.addresses])).toEqual([
      ['198.51.100.0/24', '256'],
      ['2001:db8::/48', String(2n ** 80n)],
    ]);
    expect(ranged?.ip).toMatchObject({ anyAddress: false, admittedIpv4: String(256 - 1 - 4), admittedIpv6: String(2n ** 80n) });
    expect(anywhere?.ip).toMatchObject({ anyAddress: true, admittedIpv4: String(2 ** 32 - 2 ** 24), admittedIpv6: String(2n ** 128n - 2n ** 32n) });
    expect(old).toMatchObject({ status: 'expired', notAfter: '2026-05-31T00:00:00Z' });
    expect(off).toMatchObject({ status: 'disabled', enabled: false, notAfter: null });
  });

  it('admits exactly the addresses the authorizer admits, and writes them as entries that mean the same', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const entry = fc.oneof(
      octet.map((a) => `10.9.8.${a}`),
      fc.tuple(octet, fc.integer({ min: 24, max: 32 })).map(([a, prefix]) => `10.9.8.${a & ~((1 << (32 - prefix)) - 1) & 255}/${prefix}`),
      fc.tuple(octet, octet).map(([a, b]) => `10.9.8.${Math.min(a, b)}-10.9.8.${Math.max(a, b)}`),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.array(entry, { maxLength: 4 }), (allowedIps, blockedIps) => {
        const model = modelOf((scope) => {
          const orders = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
          const client = new ApiClient(scope, 'c', { description: 'c', owner: 'o', auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(HMAC_ARN)] }), collections: [orders] });
          new ApiKey(scope, 'k', { client, tokenHash: TOKEN_HASH(1), allowedIps, blockedIps });
        });
        const ip = only(model, 'c').keys[0]!.ip;
        const allowed = IpRuleSet.compile(allowedIps);
        const blocked = IpRuleSet.compile(blockedIps);
        const written = IpRuleSet.compile(rangesText(rangesFromHex(ip.admitted)));
        let admitted = 0;
        for (let last = 0; last < 256; last++) {
          const address = ipAddressKey(`10.9.8.${last}`) as string;
          const authorizer = checkIpRules(address, allowed, blocked) === undefined;
          if (authorizer) admitted++;
          expect(written.contains(address)).toBe(authorizer);
        }
        expect(ip.admittedIpv4).toBe(String(admitted));
        expect(ip.admittedIpv6).toBe('0');
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
  }, 60_000);
});

describe('routes', () => {
  const api = apiRoutes(TEST_API_ROUTES);

  it('expands grants into API routes, method by method, and says when a grant reaches only part of one', () => {
    const route = (text: string, whole: boolean, grants: string[]) => {
      const method = text.split(' ')[0] as string;
      return { route: text, method, write: !['GET', 'HEAD', 'OPTIONS'].includes(method), whole, grants };
    };
    expect(routesReached(api, grantedRoutes(['GET /orders/42', 'GET /health', 'GET /nowhere']))).toEqual({
      compiled: true,
      unusedGrants: ['GET /nowhere'],
      routes: [route('GET /health', true, ['GET /health']), route('GET /orders/{id}', false, ['GET /orders/42'])],
    });
    // {id} admits "search" too, and API Gateway routes /orders/search to its own resource.
    expect(routesReached(api, grantedRoutes(['* /orders/{id}', 'POST /orders']))).toEqual({
      compiled: true,
      unusedGrants: [],
      routes: [route('POST /orders', true, ['POST /orders']), route('GET /orders/search', true, ['* /orders/{id}']), route('DELETE /orders/{id}', true, ['* /orders/{id}']), route('GET /orders/{id}', true, ['* /orders/{id}'])],
    });
    expect(routesReached(api, grantedRoutes(['GET /files/reports/{rest+}', 'PUT /files/{path+}']))).toEqual({
      compiled: true,
      unusedGrants: [],
      routes: [route('GET /files/{proxy+}', false, ['GET /files/reports/{rest+}']), route('PUT /files/{proxy+}', true, ['PUT /files/{path+}'])],
    });
    // What no exact policy can grant is a synth error; the model says why instead of listing routes.
    expect(routesReached(api, grantedRoutes(['GET /files/reports/{name}']))).toMatchObject({ compiled: false, problem: expect.stringContaining('cannot be written as an exact IAM policy') });
  });

  it('lists every route an admitted request reaches, and calls a route whole only when every request to it is admitted', () => {
    const pool = ['* /orders', 'GET /orders', 'GET /orders/{id}', 'GET /orders/42', '* /orders/{id}', 'GET /orders/search', 'GET /orders/{id}/{rest+}', 'GET /files/a/{p+}', 'PUT /files/{p+}', '* /files/{p+}', '* /health', 'GET /orders/{id}/invoices/7', 'GET /{anything+}', 'DELETE /orders/42'];
    const paths = ['/health', '/orders', '/orders/search', '/orders/42', '/orders/43', '/orders/42/health', '/orders/7/health', '/orders/42/invoices/7', '/orders/42/invoices/8', '/invoices', '/files/a/x', '/files/a/x/y', '/files/b/y', '/files/b'];
    const router = new ApiRouter(api);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 }), (texts) => {
        const grants = grantedRoutes(texts);
        const reached = routesReached(api, grants);
        if (!reached.compiled) return; // the client gets a synth error instead
        const byRoute = new Map(reached.routes.map((route) => [route.route, route]));
        for (const method of HTTP_METHODS) {
          for (const path of paths) {
            const route = router.route(method, pathSegments(path));
            if (!route) continue;
            const name = `${method} ${route.text.slice(route.text.indexOf(' ') + 1)}`;
            const admitted = grants.some((grant) => grantAdmits(grant, method, pathSegments(path)));
            if (admitted) expect({ texts, name, listed: byRoute.has(name) }).toEqual({ texts, name, listed: true });
            if (byRoute.get(name)?.whole) expect({ texts, method, path, admitted }).toEqual({ texts, method, path, admitted: true });
          }
        }
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
  }, 60_000);
});

describe('environments', () => {
  it('keeps each environment apart: a client may exist in some only, a key belongs to one', () => {
    const all = ['staging', 'production'];
    // The same client file, declared in each environment's platform, as the app does.
    const declare = (scope: Parameters<Parameters<typeof testPlatform>[0]>[0]) => {
      const orders = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
      const auth = ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(HMAC_ARN)] });
      const acme = new ApiClient(scope, 'acme', { description: 'a', owner: 'o', auth, collections: [orders] });
      new ApiKey(scope, 'acme-staging', { client: acme, tokenHash: TOKEN_HASH(1), environment: 'staging' });
      new ApiKey(scope, 'acme-prod', { client: acme, tokenHash: TOKEN_HASH(2), environment: 'production' });
      new ApiClient(scope, 'sandbox', { description: 's', owner: 'o', auth, collections: [orders], environments: ['staging'] });
    };
    const inputs = all.map((name) => {
      const { platform } = testPlatform(declare, { now: TEST_NOW, environment: { name, all } });
      return { environment: platform.environment.name, catalog: platform.catalog };
    });
    const model = buildAccessModel(inputs, now);
    expect(model.environments.map((environment) => [environment.name, environment.clients.map((client) => [client.name, client.keys.map((key) => key.name)])])).toEqual([
      ['staging', [['acme', ['acme-staging']], ['sandbox', []]]],
      ['production', [['acme', ['acme-prod']]]],
    ]);
    expect(() => buildAccessModel([inputs[0]!, { ...inputs[1]!, environment: 'staging' }], now)).toThrow('environment "staging" is given twice');
    // Printed side by side: each client once, where it exists and what differs, then each environment's block.
    const text = renderAccessModel(model, 'text');
    expect(text).toMatch(/\nacme, owner o\n {2}a\n {2}in every environment \(staging, production\); differs in keys\n {2}\[staging\]\n(?: {4}.*\n)* {6}key acme-staging: [^\n]*\n(?: {4}.*\n)* {2}\[production\]\n(?: {4}.*\n)* {6}key acme-prod: /);
    expect(text).toMatch(/\nsandbox, owner o\n {2}s\n {2}in staging only, not in production\n {2}\[staging\]\n/);
    expect(renderAccessModel(model, 'markdown')).toContain('in staging only, not in production');
  });
});
