/**
 * JSON objects from untrusted token segments, with the two ambiguities of JSON.parse refused:
 *
 * - Duplicate member names. JSON.parse keeps the last one silently; the issuer's library may have read
 *   the first (`"exp": <past>, "exp": <future>`). RFC 7515 §5.2 allows rejecting them; we always do.
 * - `__proto__` members, which become prototype setters as soon as anyone copies the object.
 *
 * Duplicates are found without a second parser: JSON.parse validates the text, then one pass over its
 * string literals counts member names (a string literal followed by `:`). The parsed tree holds one key
 * per distinct name, so the counts differ exactly when a name repeats within an object.
 */

/** The deepest nesting accepted; real claims sets are two or three levels deep. */
const MAX_DEPTH = 32;

export type JsonObject = Record<string, unknown>;

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Counts member names in valid JSON text: string literals whose next non-blank character is `:`. */
function countMemberNames(text: string): number {
  let count = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    // Find the closing quote: the next quote preceded by an even number of backslashes.
    let close = text.indexOf('"', open + 1);
    for (;;) {
      if (close === -1) throw new StrictJsonError('has an unterminated string'); // unreachable after JSON.parse
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    let next = close + 1;
    while (isWhitespace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 0x3a) count++;
    open = text.indexOf('"', next);
  }
  return count;
}

/** Counts object keys in a parsed tree, refusing `__proto__` and excessive depth. */
function countKeys(value: object, depth: number): number {
  if (depth > MAX_DEPTH) throw new StrictJsonError(`nested deeper than ${MAX_DEPTH} levels`);
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) count += countKeys(item, depth + 1);
    return count;
  }
  if (Object.hasOwn(value, '__proto__')) throw new StrictJsonError('has a "__proto__" member');
  for (const key in value) {
    count++;
    const member = (value as JsonObject)[key];
    if (typeof member === 'object' && member !== null) count += countKeys(member, depth + 1);
  }
  return count;
}

/** Parses text that must be a JSON object with unique member names at every level. */
export function parseStrictJsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StrictJsonError('is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StrictJsonError('is not a JSON object');
  }
  if (countKeys(value, 0) !== countMemberNames(text)) throw new StrictJsonError('has a duplicate member name');
  return value as JsonObject;
}
