/**
 * The API key token: what a client holds, and the hash of it that the repository and the table hold.
 *
 * Format: `gatehouse_` + 43 base62 characters of randomness (43 × log2 62 ≈ 256.03 bits) + a 6-character
 * base62 CRC32 of everything before it. The prefix lets secret scanners and people recognise a leaked
 * token; the checksum lets the authorizer reject a typo or a random string before it costs a lookup.
 */
import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const API_KEY_PREFIX = 'gatehouse_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const TOKEN_LENGTH = API_KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
const TOKEN_SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

/**
 * Formats of keys minted elsewhere that a platform may opt in to accept, for clients migrating with the
 * tokens they already hold. `hex64`: 64 hexadecimal characters (256 bits), as the reference platform issues.
 */
export const IMPORTED_KEY_FORMATS = ['hex64'] as const;
export type ImportedKeyFormat = (typeof IMPORTED_KEY_FORMATS)[number];
const IMPORTED_SHAPES: Record<ImportedKeyFormat, RegExp> = { hex64: /^[0-9a-fA-F]{64}$/ };

/** How a key's hash is written in a client definition: `sha256:` and 64 lowercase hex digits. */
export const KEY_HASH_PREFIX = 'sha256:';
export const DECLARED_KEY_HASH = /^sha256:[0-9a-f]{64}$/;

function checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Mints a new token from the operating system's CSPRNG. Show it once; store only its hash. */
export function mintApiKeyToken(): string {
  let random = '';
  // randomInt rejects biased draws, so each character is uniform over the 62 symbols.
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  const body = API_KEY_PREFIX + random;
  return body + checksum(body);
}

/** True when `value` has the Gatehouse token shape and its checksum matches. */
export function isGatehouseKeyToken(value: string): boolean {
  if (value.length !== TOKEN_LENGTH || !TOKEN_SHAPE.test(value)) return false;
  const split = TOKEN_LENGTH - CHECKSUM_LENGTH;
  return checksum(value.slice(0, split)) === value.slice(split);
}

/** True when `value` is a key token this platform accepts: a Gatehouse token, or an opted-in imported format. */
export function isAcceptedKeyToken(value: string, importedFormats: readonly ImportedKeyFormat[]): boolean {
  if (isGatehouseKeyToken(value)) return true;
  for (const format of importedFormats) if (IMPORTED_SHAPES[format].test(value)) return true;
  return false;
}

/** Which imported format `value` has, if any; used by tools to explain a rejected key. */
export function importedFormatOf(value: string): ImportedKeyFormat | undefined {
  return IMPORTED_KEY_FORMATS.find((format) => IMPORTED_SHAPES[format].test(value));
}

/** The table's partition key for a token: lowercase hex SHA-256 of the token's exact characters. */
export function hashApiKeyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The hash as teams commit it in a client definition. */
export function declaredKeyHash(token: string): string {
  return KEY_HASH_PREFIX + hashApiKeyToken(token);
}

/** The table's partition key from a declared `sha256:<hex>` hash. */
export function keyHashFromDeclared(declared: string): string {
  if (!DECLARED_KEY_HASH.test(declared)) throw new Error(`not a declared key hash: ${declared}`);
  return declared.slice(KEY_HASH_PREFIX.length);
}

/** Anything shaped like an API key token, anywhere in a text: Gatehouse tokens and 64-hex imports. */
const KEY_SHAPED = /gatehouse_[0-9A-Za-z]{49}|(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;

/**
 * A text with every key-shaped part replaced by `<api key>`. A key can sit inside any claim (`sub` as
 * `svc/<key>`, or with a stray space), so untrusted values are redacted before they reach a log line or
 * the integration's context, whatever claim held the key.
 */
export function redactKeyShaped(text: string): string {
  return text.replace(KEY_SHAPED, '<api key>');
}

/** Whether a text holds anything shaped like an API key token. */
export function holdsKeyShaped(text: string): boolean {
  KEY_SHAPED.lastIndex = 0;
  const found = KEY_SHAPED.test(text);
  KEY_SHAPED.lastIndex = 0;
  return found;
}
