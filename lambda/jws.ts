/**
 * Step 2: decode a compact JWS without trusting it. Nothing here says the token is genuine; it only makes
 * sure the later steps read well-formed, unambiguous data, and refuses what we never accept whatever the
 * key: JWE, `crit` extensions, unsupported `typ`.
 *
 * This runs on every request, so the common case is kept cheap: a client's tokens share one header, so
 * validated headers are cached (bounded, frozen); the signature is checked by its decoded length rather
 * than scanned character by character.
 */
import { quote, refuse } from './decision';
import { type JsonObject, parseStrictJsonObject, StrictJsonError } from './strict-json';

export interface DecodedJws {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly alg: string;
  /** The exact bytes the signature covers: `<header>.<payload>` as sent. */
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * `typ` values accepted: absent, plain JWTs, and OAuth access tokens (RFC 9068). Other typed JWTs
 * (logout tokens, DPoP proofs, security events…) are refused so they cannot be replayed as credentials.
 */
const ACCEPTED_TYP = new Set(['jwt', 'application/jwt', 'at+jwt', 'application/at+jwt']);

interface CheckedHeader {
  readonly header: JsonObject;
  readonly alg: string;
}
const HEADER_CACHE_LIMIT = 256;
const checkedHeaders = new Map<string, CheckedHeader>();

function decodeSegment(segment: string, what: 'header' | 'payload'): JsonObject {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) refuse('token_malformed', `${what} is not base64url`);
  try {
    return parseStrictJsonObject(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof StrictJsonError) refuse('token_malformed', `${what} ${error.message}`);
    throw error;
  }
}

function checkHeader(segment: string): CheckedHeader {
  const cached = checkedHeaders.get(segment);
  if (cached) return cached;
  const header = decodeSegment(segment, 'header');
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.length === 0) refuse('token_malformed', 'header has no "alg"');
  if (header.crit !== undefined) refuse('token_crit_unsupported', 'header has "crit"; no JWS extensions are supported');
  const typ = header.typ;
  if (typ !== undefined && (typeof typ !== 'string' || !ACCEPTED_TYP.has(typ.toLowerCase()))) {
    refuse('token_typ_not_allowed', `header "typ" ${quote(typ)} is not a JWT or an access token`);
  }
  // Only headers that passed every check are cached; attacker-chosen headers cannot grow it unbounded.
  if (checkedHeaders.size >= HEADER_CACHE_LIMIT) checkedHeaders.clear();
  const checked = { header: Object.freeze(header), alg };
  checkedHeaders.set(segment, checked);
  return checked;
}

/**
 * The signature's bytes. Node's decoder skips characters outside the alphabet, so a decoded length short
 * of 3/4 of the text means there were some; `+` and `/` (standard base64) are refused as well.
 */
function decodeSignature(encoded: string): Buffer {
  const signature = Buffer.from(encoded, 'base64url');
  if (encoded.length === 0 || encoded.length % 4 === 1 || signature.length !== Math.floor((encoded.length * 3) / 4) || encoded.includes('+') || encoded.includes('/')) {
    refuse('token_malformed', 'signature is missing or not base64url');
  }
  return signature;
}

export function decodeJws(token: string, maxBytes: number): DecodedJws {
  if (token.length > maxBytes) refuse('token_too_large', `token is ${token.length} bytes, limit ${maxBytes}`);
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.indexOf('.', second + 1) !== -1) {
    const parts = token.split('.').length;
    if (parts === 5) refuse('token_encrypted', 'token has 5 parts (JWE); only signed tokens are accepted');
    refuse('token_malformed', `token has ${parts} parts, a signed JWT has 3`);
  }
  const { header, alg } = checkHeader(token.slice(0, first));
  const payload = decodeSegment(token.slice(first + 1, second), 'payload');
  return {
    header,
    payload,
    alg,
    signingInput: Buffer.from(token.slice(0, second), 'latin1'),
    signature: decodeSignature(token.slice(second + 1)),
  };
}
