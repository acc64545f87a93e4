/**
 * How client certificates are named in client files and records, and compared at request time: by
 * SHA-256 fingerprint (lowercase hex) or by subject distinguished name in one canonical spelling.
 */

/**
 * A distinguished name as a canonical string: attributes `TYPE=value` with upper-case types, sorted, so
 * `CN=orders,O=Acme` (RFC 4514 order), `O=Acme, CN=orders` and node's `O=Acme\nCN=orders` compare equal.
 */
export function normaliseDistinguishedName(dn: string): string {
  return dn
    .split(/(?<!\\)[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const equals = part.indexOf('=');
      return equals === -1 ? part : `${part.slice(0, equals).trim().toUpperCase()}=${part.slice(equals + 1).trim()}`;
    })
    .sort()
    .join(',');
}

/** Normalises a declared fingerprint (`AB:CD:…` or `abcd…`) to lowercase hex; undefined when it is not one. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
