import { mintApiKeyToken } from '../../record/api-key-token';
import { findApiKey, keyCandidates } from '../../lambda/key-claims';
import { KEY_CLAIM_PRESETS } from '../../record/key-claims';

const workato = keyCandidates(KEY_CLAIM_PRESETS.workato);
const [a, b, c, d] = [mintApiKeyToken(), mintApiKeyToken(), mintApiKeyToken(), mintApiKeyToken()];

describe('finding the API key (reference platform preset)', () => {
  it('follows the priority: namespaced claim, short claim, header kid, sub', () => {
    const header = { alg: 'RS256', kid: c };
    expect(findApiKey(header, { 'https://www.workato.com/sub': a, workato_sub: b, sub: d }, workato, [])).toEqual({ token: a, source: 'payload:https://www.workato.com/sub' });
    expect(findApiKey(header, { workato_sub: b, sub: d }, workato, [])).toEqual({ token: b, source: 'payload:workato_sub' });
    expect(findApiKey(header, { sub: d }, workato, [])).toEqual({ token: c, source: 'header:kid' });
    expect(findApiKey({ alg: 'RS256' }, { sub: d }, workato, [])).toEqual({ token: d, source: 'payload:sub' });
  });

  it('passes over values that are not keys: empty, an IdP kid, a user id, non-strings', () => {
    const header = { alg: 'RS256', kid: 'idp-key-2024' };
    expect(findApiKey(header, { 'https://www.workato.com/sub': '', workato_sub: 42, sub: a }, workato, [])).toEqual({ token: a, source: 'payload:sub' });
    expect(findApiKey(header, { workato_sub: [b], sub: 'user-17' }, workato, [])).toBeUndefined();
    expect(findApiKey(header, { workato_sub: { key: b } }, workato, [])).toBeUndefined();
  });

  it('reads own claims only, never the prototype', () => {
    const custom = keyCandidates({ ...KEY_CLAIM_PRESETS.gatehouse, customClaims: ['toString', 'constructor'] });
    expect(findApiKey({ alg: 'RS256' }, {}, custom, [])).toBeUndefined();
  });

  it('checks custom claims first, then the gatehouse names', () => {
    const custom = keyCandidates({ ...KEY_CLAIM_PRESETS.gatehouse, customClaims: ['app_metadata_key'] });
    expect(findApiKey({ alg: 'RS256' }, { app_metadata_key: a, 'https://gatehouse.dev/sub': b }, custom, [])?.token).toBe(a);
    expect(findApiKey({ alg: 'RS256' }, { gatehouse_sub: b }, custom, [])?.token).toBe(b);
  });

  it('accepts imported hex keys only when configured', () => {
    const hex = 'd4aee74e131926682043395edecaf377765fae48e56e232cb295af475b314545';
    expect(findApiKey({ alg: 'HS256' }, { sub: hex }, workato, [])).toBeUndefined();
    expect(findApiKey({ alg: 'HS256' }, { sub: hex }, workato, ['hex64'])?.token).toBe(hex);
  });

  it('honours disabled candidates', () => {
    const noKid = keyCandidates({ ...KEY_CLAIM_PRESETS.workato, headerKid: false, subject: false });
    expect(findApiKey({ alg: 'RS256', kid: a }, { sub: b }, noKid, [])).toBeUndefined();
  });
});
