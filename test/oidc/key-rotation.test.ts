/**
 * Signing-key rotation at a real oidc-provider while requests flow, and a flood of made-up kids.
 * Time is a test clock, so "the key set is refreshed" happens exactly when the test says.
 *
 * Goals (DESIGN.md, issue 4): zero requests denied across a rotation; one JWKS fetch per rotation;
 * removed keys stop working once the set is refetched; a random-kid flood costs one fetch per cooldown.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type IdentityProvider, startIdentityProvider } from '../../local/identity-provider/identity-provider';
import { mintApiKeyToken } from '../../record/api-key-token';
import { authorizerHarness } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

jest.setTimeout(120_000);

const AUDIENCE = 'api://orders';
const apiKey = mintApiKeyToken();
const ROBOT = { clientId: 'robot', clientSecret: 'robot-secret-robot-secret-robot-secret', claims: { 'https://gatehouse.dev/sub': apiKey } };
const REFRESH_SECONDS = 300;
const COOLDOWN_SECONDS = 10;

let idp: IdentityProvider;
beforeAll(async () => {
  idp = await startIdentityProvider({ audience: AUDIENCE, clients: [ROBOT] });
});
afterAll(async () => idp?.stop());

function setup() {
  const clock = { ms: Date.now() };
  const key = testKey({ token: apiKey, auth: { method: 'oidc', discoveryUrl: idp.discoveryUrl, audiences: [AUDIENCE] } });
  const harness = authorizerHarness([key.record], {
    now: () => clock.ms,
    env: { GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS: String(REFRESH_SECONDS), GATEHOUSE_OIDC_UNKNOWN_KID_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) },
  });
  /** Sends every token `times` times, `concurrency` at once; returns the reasons of the refusals. */
  const flow = async (tokens: string[], times: number, concurrency = 10): Promise<string[]> => {
    const queue = Array.from({ length: times }, (_, i) => tokens[i % tokens.length] as string);
    const refused: string[] = [];
    while (queue.length > 0) {
      const batch = queue.splice(0, concurrency);
      const decisions = await Promise.all(batch.map((token) => harness.decide(authorizerEvent({ authorization: bearer(token) }))));
      for (const decision of decisions) if (decision.outcome !== 'allow') refused.push(decision.reason);
    }
    return refused;
  };
  return { clock, harness, flow };
}

describe('signing-key rotation while requests flow', () => {
  it('denies nothing, fetches the key set once per rotation, and drops removed keys at the next refresh', async () => {
    const { clock, harness, flow } = setup();
    const oldToken = await idp.token(ROBOT.clientId, ROBOT.clientSecret);

    expect(await flow([oldToken], 50)).toEqual([]);
    expect(harness.oidc.fetches).toEqual({ discovery: 1, jwks: 1, failures: 0 });

    // The provider signs with a new key and still publishes the old one; old and new tokens interleave.
    await idp.rotate();
    const newToken = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    clock.ms += 1_000;
    const deniedAcrossRotation = await flow([oldToken, newToken], 200, 20);
    expect(deniedAcrossRotation).toEqual([]);
    expect(harness.oidc.fetches.jwks - 1).toBe(1);

    // The provider stops publishing the old key. Until our set is refetched, nothing changes.
    await idp.retire();
    expect(await flow([oldToken, newToken], 40)).toEqual([]);
    expect(harness.oidc.fetches.jwks).toBe(2);

    // Past the refresh interval the set is refetched in the background while the cached one serves;
    // once the new set is in, the new key works and the removed one does not.
    clock.ms += (REFRESH_SECONDS + 1) * 1000;
    expect(await flow([newToken], 20)).toEqual([]);
    await harness.oidc.settled();
    expect(harness.oidc.fetches.jwks).toBe(3);
    expect(await flow([oldToken], 20)).toEqual(Array(20).fill('signing_key_unknown'));
    // The removed key's first token forced one more fetch (it might have come back); the rest waited out the cooldown.
    expect(harness.oidc.fetches.jwks).toBe(4);
    expect(harness.oidc.fetches.discovery).toBe(1);
  });

  it('a second rotation costs one more fetch and denies nothing', async () => {
    const { clock, harness, flow } = setup();
    const first = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    expect(await flow([first], 10)).toEqual([]);
    const before = harness.oidc.fetches.jwks;
    await idp.rotate();
    clock.ms += COOLDOWN_SECONDS * 1000; // a later rotation, well past any earlier forced fetch
    const second = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    expect(await flow([first, second], 100, 25)).toEqual([]);
    expect(harness.oidc.fetches.jwks - before).toBe(1);
    await idp.retire();
  });
});

describe('a flood of tokens with made-up kids', () => {
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const floodToken = () =>
    bearer(signRs256(attacker, freshClaims({ 'https://gatehouse.dev/sub': apiKey, iss: idp.issuer, aud: AUDIENCE }), { alg: 'RS256', typ: 'at+jwt', kid: randomUUID() }));

  it('costs one key-set fetch per cooldown, and nothing gets through', async () => {
    const { clock, harness } = setup();
    const requests = 1_000;
    const spacingMs = 50; // 1,000 requests over 50 s of test time
    const reasons = new Set<string>();
    for (let i = 0; i < requests; i++) {
      const decision = await harness.decide(authorizerEvent({ authorization: floodToken() }));
      reasons.add(decision.reason);
      clock.ms += spacingMs;
    }
    expect([...reasons]).toEqual(['signing_key_unknown']);
    const floodSeconds = (requests * spacingMs) / 1000;
    // One ordinary load at the start, then at most one forced fetch per cooldown.
    expect(harness.oidc.fetches.jwks).toBeLessThanOrEqual(1 + Math.ceil(floodSeconds / COOLDOWN_SECONDS));
    expect(harness.oidc.fetches.jwks).toBe(1 + floodSeconds / COOLDOWN_SECONDS);
  });

  it('shares one fetch between concurrent unknown kids', async () => {
    const { harness } = setup();
    const decisions = await Promise.all(Array.from({ length: 200 }, () => harness.decide(authorizerEvent({ authorization: floodToken() }))));
    expect(new Set(decisions.map((decision) => decision.reason))).toEqual(new Set(['signing_key_unknown']));
    expect(harness.oidc.fetches.jwks).toBe(2); // the first load, and one forced refetch shared by all
  });
});
