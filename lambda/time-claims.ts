/**
 * Step 6: the token's time claims, with a small clock tolerance for drift between the issuer and us.
 * `exp` is required unless the client opted out; a maximum lifetime caps tokens that clients sign
 * themselves, measured as `exp - iat`, and as `exp - now` so that omitting `iat` does not lift the cap.
 */
import type { TokenRules } from '../record/key-record';
import { quote, refuse } from './decision';
import type { JsonObject } from './strict-json';

function numericDate(payload: JsonObject, claim: 'exp' | 'nbf' | 'iat'): number | undefined {
  if (!Object.hasOwn(payload, claim)) return undefined;
  const value = payload[claim];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    refuse('token_malformed', `"${claim}" is ${quote(value)}, not a NumericDate`, { field: claim, expected: 'NumericDate' });
  }
  return value;
}

export function checkTimeClaims(payload: JsonObject, rules: TokenRules, nowSeconds: number, toleranceSeconds: number): void {
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  const iat = numericDate(payload, 'iat');

  if (exp === undefined) {
    if (rules.requireExpiry) refuse('token_expiry_missing', 'token has no "exp" and this client requires one', { field: 'exp', actual: null });
  } else if (nowSeconds - toleranceSeconds >= exp) {
    refuse('token_expired', `token expired ${Math.round(nowSeconds - exp)}s ago`, { field: 'exp', actual: exp, expected: `> ${nowSeconds - toleranceSeconds}` });
  }
  if (nbf !== undefined && nowSeconds + toleranceSeconds < nbf) {
    refuse('token_not_yet_valid', `token is not valid for another ${Math.round(nbf - nowSeconds)}s ("nbf")`, { field: 'nbf', actual: nbf, expected: `<= ${nowSeconds + toleranceSeconds}` });
  }
  if (iat !== undefined && nowSeconds + toleranceSeconds < iat) {
    refuse('token_issued_in_future', `token claims to be issued ${Math.round(iat - nowSeconds)}s in the future`, { field: 'iat', actual: iat, expected: `<= ${nowSeconds + toleranceSeconds}` });
  }
  const max = rules.maxLifetimeSeconds;
  if (max !== undefined && exp !== undefined) {
    const lifetime = iat !== undefined ? exp - iat : exp - nowSeconds;
    if (lifetime > max + toleranceSeconds) {
      refuse('token_lifetime_too_long', `token lives ${Math.round(lifetime)}s, this client allows at most ${max}s`, { field: iat !== undefined ? 'exp - iat' : 'exp - now', actual: Math.round(lifetime), expected: `<= ${max}` });
    }
  }
}
