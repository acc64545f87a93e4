/**
 * Step 1: the bearer token from the Authorization header. The scheme is case-insensitive (RFC 9110
 * §11.1); a request carrying several Authorization values, in any letter case, is refused rather than
 * guessed at, so the value decided on is always the value API Gateway caches the result under.
 */
import { refuse } from './decision';

export function bearerToken(headerValues: readonly string[]): string {
  if (headerValues.length > 1) refuse('authorization_ambiguous', `${headerValues.length} Authorization values; send one`);
  if (headerValues.length === 0 || headerValues[0] === '') refuse('authorization_missing', 'no Authorization header');
  const header = (headerValues[0] as string).trim();
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    // Name the scheme only when it looks like one: a bare credential must not reach the log.
    const shown = /^[A-Za-z-]{1,20}$/.test(scheme) && space !== -1 ? `"${scheme}"` : 'missing';
    refuse('authorization_scheme_invalid', `scheme is ${shown}, expected Bearer`);
  }
  const token = header.slice(space + 1).trimStart();
  if (token === '' || space === -1) refuse('authorization_missing', 'Bearer scheme without a token');
  return token;
}
