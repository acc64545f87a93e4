import { Refusal } from '../../lambda/decision';
import { checkTimeClaims } from '../../lambda/time-claims';

const now = 1_800_000_000;
const strict = { requireExpiry: true };
function reason(payload: Record<string, unknown>, rules: { requireExpiry: boolean; maxLifetimeSeconds?: number } = strict): string | undefined {
  try {
    checkTimeClaims(payload, rules, now, 30);
    return undefined;
  } catch (error) {
    return (error as Refusal).reason;
  }
}

describe('time claims', () => {
  it('accepts a current token, within the clock tolerance', () => {
    expect(reason({ iat: now, exp: now + 60 })).toBeUndefined();
    expect(reason({ exp: now - 29 })).toBeUndefined();
    expect(reason({ exp: now + 60, nbf: now + 29, iat: now + 29 })).toBeUndefined();
  });

  it('refuses expired, not-yet-valid and future-issued tokens', () => {
    expect(reason({ exp: now - 30 })).toBe('token_expired');
    expect(reason({ exp: now + 60, nbf: now + 31 })).toBe('token_not_yet_valid');
    expect(reason({ exp: now + 60, iat: now + 31 })).toBe('token_issued_in_future');
  });

  it('requires exp unless the client opted out', () => {
    expect(reason({ iat: now })).toBe('token_expiry_missing');
    expect(reason({ iat: now }, { requireExpiry: false })).toBeUndefined();
  });

  it('refuses time claims that are not numbers', () => {
    expect(reason({ exp: `${now + 60}` })).toBe('token_malformed');
    expect(reason({ exp: now + 60, nbf: null })).toBe('token_malformed');
  });

  it('caps the lifetime, with or without iat', () => {
    const rules = { requireExpiry: true, maxLifetimeSeconds: 3600 };
    expect(reason({ iat: now, exp: now + 3600 }, rules)).toBeUndefined();
    expect(reason({ iat: now - 7200, exp: now + 60 }, rules)).toBe('token_lifetime_too_long');
    expect(reason({ exp: now + 86_400 }, rules)).toBe('token_lifetime_too_long');
  });
});
