/**
 * OIDC clients against a real oidc-provider on 127.0.0.1: client-credentials tokens carrying the API key
 * in a namespaced claim are allowed; wrong audience, wrong issuer, a missing key claim, and algorithm
 * or key confusion are refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { type IdentityProvider, startIdentityProvider } from '../../local/identity-provider/identity-provider';
import { authorizerHarness } from '../support/authorizer-harness';
import { authorizerEvent } from '../support/events';
import { testKey } from '../support/records';
import { bearer, freshClaims, signHs256, signRs256 } from '../support/tokens';
import { mintApiKeyToken } from '../../record/api-key-token';

jest.setTimeout(60_000);

const AUDIENCE = 'api://orders';
const robotKey = mintApiKeyToken();
const strangerKey = mintApiKeyToken();
const ROBOT = { clientId: 'robot', clientSecret: 'robot-secret-robot-secret-robot-secret', claims: { 'https://gatehouse.dev/sub': robotKey } };
const NO_KEY = { clientId: 'no-key', clientSecret: 'no-key-secret-no-key-secret-no-key-sec', claims: {} };
const STRANGER = { clientId: 'stranger', clientSecret: 'stranger-secret-stranger-secret-strang', claims: { 'https://gatehouse.dev/sub': strangerKey } };

let idp: IdentityProvider;
let otherIdp: IdentityProvider;

beforeAll(async () => {
  [idp, otherIdp] = await Promise.all([
    startIdentityProvider({ audience: AUDIENCE, clients: [ROBOT, NO_KEY] }),
    startIdentityProvider({ audience: AUDIENCE, clients: [STRANGER] }),
  ]);
});
afterAll(async () => Promise.all([idp?.stop(), otherIdp?.stop()]));

function oidcKey(token: string, discoveryUrl: string, audiences: string[] = [AUDIENCE]) {
  return testKey({ token, client: 'northwind', auth: { method: 'oidc', discoveryUrl, audiences } });
}

async function decide(records: ReturnType<typeof oidcKey>[], authorization: string) {
  return authorizerHarness(records.map((key) => key.record)).decide(authorizerEvent({ authorization }));
}

describe('OIDC client', () => {
  it('allows a client-credentials token with the API key in the namespaced claim', async () => {
    const token = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(token));
    expect([decision.outcome, decision.reason, decision.subject]).toEqual(['allow', 'ok', 'robot']);
  });

  it('accepts any audience when none is configured', async () => {
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl, [])], bearer(await idp.token(ROBOT.clientId, ROBOT.clientSecret)));
    expect(decision.outcome).toBe('allow');
  });

  it('refuses the same token for another audience', async () => {
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl, ['api://invoices'])], bearer(await idp.token(ROBOT.clientId, ROBOT.clientSecret)));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'audience_mismatch']);
  });

  it("refuses a token from another issuer carrying a key registered for this provider", async () => {
    const decision = await decide([oidcKey(strangerKey, idp.discoveryUrl)], bearer(await otherIdp.token(STRANGER.clientId, STRANGER.clientSecret)));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'issuer_mismatch']);
  });

  it('refuses a token without the key claim', async () => {
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(await idp.token(NO_KEY.clientId, NO_KEY.clientSecret)));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'api_key_missing']);
  });

  it('refuses a token the client signed itself, even with the right iss, aud and kid', async () => {
    const forged = signRs256(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, freshClaims({ 'https://gatehouse.dev/sub': robotKey, iss: idp.issuer, aud: AUDIENCE }), { alg: 'RS256', typ: 'at+jwt', kid: idp.kids[0] });
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(forged));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'signature_invalid']);
  });

  it('refuses HS256 for an OIDC client, whatever the secret', async () => {
    const confused = signHs256('x'.repeat(64), freshClaims({ 'https://gatehouse.dev/sub': robotKey, iss: idp.issuer, aud: AUDIENCE }), { alg: 'HS256', kid: idp.kids[0] });
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(confused));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'token_alg_not_allowed']);
  });

  it('refuses a token signed with the provider key under another algorithm name', async () => {
    const token = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    const [, payload, signature] = token.split('.');
    const relabelled = `${Buffer.from(JSON.stringify({ alg: 'PS256', typ: 'at+jwt', kid: idp.kids[0] })).toString('base64url')}.${payload}.${signature}`;
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(relabelled));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'token_alg_not_allowed']);
  });

  it('keeps an API key carried in kid out of the refusal', async () => {
    const token = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    const [, payload, signature] = token.split('.');
    const keyInKid = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: robotKey })).toString('base64url')}.${payload}.${signature}`;
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(keyInKid));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'signing_key_unknown']);
    expect(decision.detail).toContain('<api key>');
    expect(decision.detail).not.toContain(robotKey);
  });

  it('refuses a token whose kid the provider does not publish', async () => {
    const token = await idp.token(ROBOT.clientId, ROBOT.clientSecret);
    const [, payload, signature] = token.split('.');
    const unknown = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: 'no-such-key' })).toString('base64url')}.${payload}.${signature}`;
    const decision = await decide([oidcKey(robotKey, idp.discoveryUrl)], bearer(unknown));
    expect([decision.outcome, decision.reason]).toEqual(['unauthorized', 'signing_key_unknown']);
  });
});

describe.each(['ES256', 'PS256', 'EdDSA'] as const)('a provider signing with %s', (alg) => {
  let provider: IdentityProvider;
  beforeAll(async () => {
    provider = await startIdentityProvider({ audience: AUDIENCE, alg, clients: [ROBOT] });
  });
  afterAll(async () => provider?.stop());

  it('is followed to its algorithm', async () => {
    const token = await provider.token(ROBOT.clientId, ROBOT.clientSecret);
    expect(decodeProtectedHeader(token).alg).toBe(alg);
    expect((await decide([oidcKey(robotKey, provider.discoveryUrl)], bearer(token))).outcome).toBe('allow');
  });
});
