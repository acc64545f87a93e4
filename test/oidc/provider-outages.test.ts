/**
 * Identity-provider outages: the last good keys keep serving for a bounded time; with nothing cached,
 * decisions fail closed (500, never allow); slow, junk and oversized answers cost bounded time and never
 * crash the authorizer.
 */
import { startIdentityProvider } from '../../local/identity-provider/identity-provider';
import { mintApiKeyToken } from '../../record/api-key-token';
import { authorizerHarness } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { type Answer, discoveryDocument, startMisbehavingProvider } from '../support/misbehaving-provider';
import { testKey } from '../support/records';
import { bearer, freshClaims, nowSeconds, signEs256, signRs256 } from '../support/tokens';
import { generateKeyPairSync } from 'node:crypto';

jest.setTimeout(60_000);

const AUDIENCE = 'api://orders';
const apiKey = mintApiKeyToken();
const ROBOT = { clientId: 'robot', clientSecret: 'robot-secret-robot-secret-robot-secret', claims: { 'https://gatehouse.dev/sub': apiKey } };
const FETCH_TIMEOUT_MS = 300;

function harnessFor(discoveryUrl: string, clock = { ms: Date.now() }, env: Record<string, string> = {}) {
  const key = testKey({ token: apiKey, auth: { method: 'oidc', discoveryUrl, audiences: [AUDIENCE] } });
  return authorizerHarness([key.record], {
    now: () => clock.ms,
    env: { GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS), GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS: '300', GATEHOUSE_OIDC_MAX_STALE_SECONDS: '450', ...env },
  });
}

/** A real provider whose keys the authorizer has fetched and cached through one allowed decision. */
async function providerWithCachedKeys() {
  const idp = await startIdentityProvider({ audience: AUDIENCE, clients: [ROBOT] });
  const token = bearer(await idp.token(ROBOT.clientId, ROBOT.clientSecret));
  const clock = { ms: Date.now() };
  const harness = harnessFor(idp.discoveryUrl, clock);
  expect((await harness.decide(authorizerEvent({ authorization: token }))).outcome).toBe('allow');
  return { idp, token, clock, harness };
}

describe('provider stopped', () => {
  it('keeps serving the last good keys within the stale bound, then fails closed', async () => {
    const { idp, token, clock, harness } = await providerWithCachedKeys();
    await idp.stop();

    clock.ms += 301_000; // the key set is due for a refresh, which fails: the stale set still serves
    const stale = await harness.decide(authorizerEvent({ authorization: token }));
    expect([stale.outcome, stale.reason]).toEqual(['allow', 'ok']);

    clock.ms += 150_000; // now 451 s after the last good fetch: past the 450 s bound
    const expired = await harness.decide(authorizerEvent({ authorization: token }));
    expect([expired.outcome, expired.reason]).toEqual(['error', 'identity_provider_unavailable']);
  });

  it('fails closed with nothing cached, quickly', async () => {
    const idp = await startIdentityProvider({ audience: AUDIENCE, clients: [ROBOT] });
    const token = bearer(await idp.token(ROBOT.clientId, ROBOT.clientSecret));
    await idp.stop();
    const harness = harnessFor(idp.discoveryUrl);
    const started = Date.now();
    const decision = await harness.decide(authorizerEvent({ authorization: token }));
    expect([decision.outcome, decision.reason]).toEqual(['error', 'identity_provider_unavailable']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('provider down or hanging while its keys are cached', () => {
  it('answers a token naming a key the cached set lacks with 500 identity_provider_unavailable, not 401', async () => {
    const { idp, token, clock, harness } = await providerWithCachedKeys();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const unknownKid = (kid: string) => bearer(signRs256(other, freshClaims({ 'https://gatehouse.dev/sub': apiKey, iss: idp.issuer, aud: AUDIENCE }), { alg: 'RS256', kid }));

    // Provider up: a kid it does not publish is the token's fault.
    expect((await harness.decide(authorizerEvent({ authorization: unknownKid('not-published') }))).reason).toBe('signing_key_unknown');
    await idp.stop();
    clock.ms += 11_000; // past the unknown-kid cooldown: the next unknown kid asks the provider again
    // Provider down: the key may be a new one we cannot fetch, so the caller is not told its token is bad.
    const whileDown = harness.decide(authorizerEvent({ authorization: unknownKid('rotated-in') }));
    expect(await whileDown).toMatchObject({ outcome: 'error', reason: 'identity_provider_unavailable' });
    expect((await harness.decide(authorizerEvent({ authorization: unknownKid('another') }))).reason).toBe('identity_provider_unavailable');
    // Tokens whose keys are cached keep working.
    expect((await harness.decide(authorizerEvent({ authorization: token }))).outcome).toBe('allow');
  });

  it('answers from the cached keys while a due refresh hangs, with one fetch open at a time', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    let hang = false;
    let open = 0;
    let mostOpen = 0;
    const keySet: Answer = (response) => {
      if (!hang) return void response.writeHead(200).end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
      mostOpen = Math.max(mostOpen, ++open);
      response.once('close', () => open--);
    };
    const provider = await startMisbehavingProvider({ '/.well-known/openid-configuration': discoveryDocument, '/jwks': keySet });
    try {
      const clock = { ms: Date.now() };
      // A fetch timeout far longer than the test: the hanging fetch stays open while decisions are made.
      const harness = harnessFor(provider.discoveryUrl, clock, { GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: '30000', GATEHOUSE_OIDC_MAX_STALE_SECONDS: '3600' });
      const claims = freshClaims({ 'https://gatehouse.dev/sub': apiKey, iss: provider.issuer, aud: AUDIENCE, exp: nowSeconds() + 7_200 });
      const token = bearer(signEs256(privateKey, claims, { alg: 'ES256', kid: 'k1' }));
      expect((await harness.decide(authorizerEvent({ authorization: token }))).outcome).toBe('allow');
      hang = true;
      const decideMany = async () => {
        clock.ms += 301_000; // the key set due for a refresh again, still within the 3,600 s stale bound
        const decisions = await Promise.all(Array.from({ length: 20 }, () => harness.decide(authorizerEvent({ authorization: token }))));
        expect(new Set(decisions.map((decision) => decision.outcome))).toEqual(new Set(['allow']));
      };
      await decideMany(); // starts the refresh in the background
      for (let wait = 0; open === 0 && wait < 500; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(open).toBe(1);
      // While that fetch hangs, decisions keep coming from the cached keys, and no second fetch starts.
      for (let step = 0; step < 4; step++) await decideMany();
      expect([open, mostOpen]).toEqual([1, 1]);
      expect(provider.hits.filter((path) => path === '/jwks')).toHaveLength(2); // the first load, and one refresh
    } finally {
      await provider.close();
    }
  });
});

describe('a misbehaving provider', () => {
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const tokenFor = (issuer: string) => bearer(signRs256(attacker, freshClaims({ 'https://gatehouse.dev/sub': apiKey, iss: issuer, aud: AUDIENCE }), { alg: 'RS256', kid: 'k1' }));

  const slow: Answer = () => undefined; // accepts, never answers
  const junk: Answer = (response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
  const huge: Answer = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end('{}');
    };
    pump();
  };
  const declaredHuge: Answer = (response) => void response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
  const wrongIssuer: Answer = (response) => void response.writeHead(200).end(JSON.stringify({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' }));
  const remoteJwks: Answer = (response, issuer) => void response.writeHead(200).end(JSON.stringify({ issuer, jwks_uri: 'http://jwks.example/keys' }));
  const redirect: Answer = (response) => void response.writeHead(302, { location: 'https://evil.example/.well-known/openid-configuration' }).end();
  const symmetricOnly: Answer = (response) => void response.writeHead(200).end(JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k1' }] }));
  const keysNotArray: Answer = (response) => void response.writeHead(200).end(JSON.stringify({ keys: 'none' }));
  const serverError: Answer = (response) => void response.writeHead(503).end();

  it.each([
    ['never answers discovery', { '/.well-known/openid-configuration': slow }],
    ['answers discovery with HTML', { '/.well-known/openid-configuration': junk }],
    ['streams a 10 MB discovery document', { '/.well-known/openid-configuration': huge }],
    ['declares a 10 MB discovery document', { '/.well-known/openid-configuration': declaredHuge }],
    ['names another issuer', { '/.well-known/openid-configuration': wrongIssuer }],
    ['points at a plain-http key set elsewhere', { '/.well-known/openid-configuration': remoteJwks }],
    ['redirects discovery elsewhere', { '/.well-known/openid-configuration': redirect }],
    ['answers discovery with 503', { '/.well-known/openid-configuration': serverError }],
    ['never answers the key set', { '/.well-known/openid-configuration': discoveryDocument, '/jwks': slow }],
    ['streams a 10 MB key set', { '/.well-known/openid-configuration': discoveryDocument, '/jwks': huge }],
    ['publishes only a symmetric key', { '/.well-known/openid-configuration': discoveryDocument, '/jwks': symmetricOnly }],
    ['publishes no key array', { '/.well-known/openid-configuration': discoveryDocument, '/jwks': keysNotArray }],
  ])('%s: fails closed in bounded time, without crashing', async (_, answers) => {
    const provider = await startMisbehavingProvider(answers);
    try {
      const harness = harnessFor(provider.discoveryUrl);
      const started = Date.now();
      const first = await harness.decide(authorizerEvent({ authorization: tokenFor(provider.issuer) }));
      const elapsed = Date.now() - started;
      expect([first.outcome, first.reason]).toEqual(['error', 'identity_provider_unavailable']);
      expect(elapsed).toBeLessThan(FETCH_TIMEOUT_MS * 2 + 2_000);
      // Right after a failure the provider is not asked again (fail fast), and nothing has crashed.
      const hits = provider.hits.length;
      const second = await harness.decide(authorizerEvent({ authorization: tokenFor(provider.issuer) }));
      expect(second.outcome).toBe('error');
      expect(provider.hits.length).toBe(hits);
    } finally {
      await provider.close();
    }
  });
});
