/**
 * Step 2: decode a compact JWS without trusting it. Nothing here says the token is genuine; it only makes
 * sure the later steps read well-formed, unambiguous data, and refuses what we never accept whatever the
 * key: JWE, `crit` extensions, unsupported `typ`.
 *
 * Each segment must be the one canonical base64url spelling of its bytes (RFC 4648 §3.5): no padding,
 * no characters outside the URL-safe alphabet, and the unused low bits of the last character zero.
 * Decoders ignore those bits, so without this check one signature has up to sixteen accepted
 * spellings, each a distinct token and a distinct entry in API Gateway's result cache.
 *
 * The token must be ASCII before any segment is decoded: Node's base64 decoders read only the low byte
 * of each UTF-16 unit, so `Ł` (U+0141) decodes as `A` (0x41), and a signature with one letter swapped for
 * such a character would verify as the original. Within ASCII, a character outside the alphabet decodes
 * to nothing (whitespace and `!` are skipped, `=` ends the decoding) and `+` and `/` are standard base64's,
 * so a segment is base64url exactly when it holds no `+` or `/` and decodes to 3/4 of its length.
 *
 * This runs on every request, so the common case is kept cheap: a client's tokens share one header, so
 * validated headers are cached (bounded, frozen); the payload is decoded into a reused buffer; segments
 * are checked by their decoded length rather than scanned character by character.
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

/** The 6-bit value of each base64url character (only called on characters already validated). */
const SEXTET = new Uint8Array(128);
for (const [index, character] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) SEXTET[character.charCodeAt(0)] = index;

/**
 * Whether a base64url text of valid characters and a possible length is canonical: with 2 (or 3)
 * characters in the last group, its last character carries 4 (or 2) bits that encode nothing and must
 * be zero.
 */
function hasCanonicalEnd(encoded: string): boolean {
  const unusedBits = encoded.length % 4 === 2 ? 0x0f : encoded.length % 4 === 3 ? 0x03 : 0;
  return ((SEXTET[encoded.charCodeAt(encoded.length - 1)] ?? 0xff) & unusedBits) === 0;
}

/** The bytes a base64url text of this length encodes (no padding); lengths of 4n + 1 encode none. */
function decodedLength(encoded: string): number {
  return Math.floor((encoded.length * 3) / 4);
}

/** Whether an ASCII text could be base64url of its decoded length: not empty, no `+` or `/`, a possible length. */
function plausibleBase64url(encoded: string): boolean {
  return encoded.length > 0 && encoded.length % 4 !== 1 && !encoded.includes('+') && !encoded.includes('/');
}

/**
 * Segments are decoded into one reused buffer and turned into a string at once, so the common case
 * allocates no buffer. Only synchronous code touches it. Undefined when a character outside the alphabet
 * left the decoded bytes short.
 */
let scratch = Buffer.allocUnsafe(1024);
function decodeToText(segment: string): string | undefined {
  const bytes = decodedLength(segment);
  if (bytes > scratch.length) scratch = Buffer.allocUnsafe(Math.max(bytes, scratch.length * 2));
  const written = scratch.write(segment, 0, 'base64url');
  return written === bytes ? scratch.toString('utf8', 0, written) : undefined;
}

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
  const text = plausibleBase64url(segment) ? decodeToText(segment) : undefined;
  if (text === undefined) refuse('token_malformed', `${what} is not base64url`);
  if (!hasCanonicalEnd(segment)) refuse('token_malformed', `${what} is not canonical base64url (unused bits set in its last character)`);
  try {
    return parseStrictJsonObject(text);
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

/** The signature's bytes, read like the other segments (see the top of this file). */
function decodeSignature(encoded: string): Buffer {
  const signature = Buffer.from(encoded, 'base64url');
  if (!plausibleBase64url(encoded) || signature.length !== decodedLength(encoded)) refuse('token_malformed', 'signature is missing or not base64url');
  if (!hasCanonicalEnd(encoded)) refuse('token_malformed', 'signature is not canonical base64url (unused bits set in its last character)');
  return signature;
}

function signingInput(token: string, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  bytes.write(token, 0, length, 'latin1');
  return bytes;
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
  // One UTF-8 byte per character exactly when every character is ASCII.
  if (Buffer.byteLength(token, 'utf8') !== token.length) refuse('token_malformed', 'token holds characters outside ASCII, so none of its segments is base64url');
  const { header, alg } = checkHeader(token.slice(0, first));
  const payload = decodeSegment(token.slice(first + 1, second), 'payload');
  return {
    header,
    payload,
    alg,
    // The signed bytes, copied without an intermediate string: header and payload are ASCII by now.
    signingInput: signingInput(token, second),
    signature: decodeSignature(token.slice(second + 1)),
  };
}
