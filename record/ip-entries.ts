/**
 * IP entries: the language of a key's allowed and blocked addresses. The stacks validate declarations
 * with this parser and the authorizer compiles records with it, so synth and runtime can never disagree
 * about what an entry means.
 *
 * Entries: a single address, a CIDR block (`10.0.0.0/8`, `2001:db8::/32`) or an inclusive range
 * (`10.0.0.5-10.0.0.9`), IPv4 or IPv6. IPv4 addresses are validated by node:net (strict dotted-quad, no
 * octal or hex forms, so `123.456.123.456` and `010.0.0.1` are refused). IPv6 addresses are first put in
 * the WHATWG URL parser's canonical spelling, so every spelling of one address (`::1.2.3.4` and
 * `::102:304`, `::ffff:10.0.0.1` and `::ffff:a00:1`) becomes the same bytes, then converted by ipaddr.js.
 * Every address lives in one 128-bit space, IPv4 as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so an IPv4
 * rule matches an IPv4-mapped source address and vice versa.
 *
 * An entry becomes an interval of 32-digit lowercase hex strings; equal-length lowercase hex compares
 * like the numbers it spells, which is what makes the authorizer's binary search cheap.
 */
import { isIP, isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';

const ADDRESS_BYTES = 16;
/** IPv4 addresses sit at ::ffff:0:0/96. */
const IPV4_PREFIX_OFFSET = 96;

export interface Interval {
  readonly start: string;
  readonly end: string;
  readonly entry: string;
}

export type ParsedIpEntry =
  | {
      readonly ok: true;
      readonly interval: Interval;
      readonly family: 4 | 6;
      /** The entry as it is best written: a CIDR block by its network address. */
      readonly canonical: string;
      /** A CIDR block written with an address inside the block rather than its network address. */
      readonly hostBitsSet: boolean;
    }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

function toHex(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString('hex');
}

/** An address as 16 bytes (IPv4 mapped into IPv6), or undefined when it is not a plain IP address. */
function addressBytes(text: string): { bytes: number[]; family: 4 | 6 } | undefined {
  const family = isIP(text) as 0 | 4 | 6;
  if (family === 0 || text.includes('%')) return undefined; // zone ids name an interface, not an address
  if (family === 4) return { bytes: ipaddr.IPv4.parse(text).toIPv4MappedAddress().toByteArray(), family };
  // ipaddr.js reads the deprecated IPv4-compatible spelling `::1.2.3.4` as if it were `::ffff:1.2.3.4`;
  // the URL parser's serialisation is hex-only (`[::102:304]`), so each address has one reading.
  return { bytes: ipaddr.IPv6.parse(new URL(`http://[${text}]/`).hostname.slice(1, -1)).toByteArray(), family };
}

const IPV4_MAPPED_PREFIX = '00000000000000000000ffff';
const HEX_OCTETS = Array.from({ length: 256 }, (_, octet) => octet.toString(16).padStart(2, '0'));

/**
 * A source address as the 32-digit hex key the rule sets compare, or undefined when malformed.
 * IPv4-mapped IPv6 (`::ffff:10.1.2.3`) and IPv4 (`10.1.2.3`) give the same key. This runs on every
 * request: IPv4 addresses, once node:net has validated them as strict dotted quads, are converted here
 * without a general-purpose parser.
 */
export function ipAddressKey(text: string): string | undefined {
  if (isIPv4(text)) {
    let key = IPV4_MAPPED_PREFIX;
    let start = 0;
    for (let part = 0; part < 4; part++) {
      const end = part === 3 ? text.length : text.indexOf('.', start);
      key += HEX_OCTETS[Number(text.slice(start, end))];
      start = end + 1;
    }
    return key;
  }
  const address = addressBytes(text);
  return address && toHex(address.bytes);
}

function cidrInterval(bytes: number[], prefix: number): { start: number[]; end: number[] } {
  const start = bytes.slice();
  const end = bytes.slice();
  for (let i = 0; i < ADDRESS_BYTES; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    start[i] = (bytes[i] ?? 0) & mask;
    end[i] = ((bytes[i] ?? 0) & mask) | (~mask & 0xff);
  }
  return { start, end };
}

const NOT_AN_ENTRY_FIX =
  'write one address (203.0.113.7, 2001:db8::7), one CIDR block (203.0.113.0/24) or one range (203.0.113.10-203.0.113.20) per entry';

export function parseIpEntry(entry: string): ParsedIpEntry {
  if (typeof entry !== 'string' || entry.length === 0) return { ok: false, problem: 'is empty', fix: NOT_AN_ENTRY_FIX };
  if (/[\s,;]/.test(entry)) {
    return { ok: false, problem: 'contains spaces or separators', fix: `list each entry separately; ${NOT_AN_ENTRY_FIX}` };
  }

  const slash = entry.indexOf('/');
  if (slash !== -1) {
    const address = addressBytes(entry.slice(0, slash));
    const prefixText = entry.slice(slash + 1);
    if (!address) return { ok: false, problem: 'is not a CIDR block: the address part is not an IP address', fix: NOT_AN_ENTRY_FIX };
    const maxPrefix = address.family === 4 ? 32 : 128;
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > maxPrefix) {
      return { ok: false, problem: `has prefix length "${prefixText}", not 0 to ${maxPrefix}`, fix: NOT_AN_ENTRY_FIX };
    }
    const prefix = Number(prefixText) + (address.family === 4 ? IPV4_PREFIX_OFFSET : 0);
    const { start, end } = cidrInterval(address.bytes, prefix);
    const network =
      address.family === 4
        ? `${start.slice(12).join('.')}/${prefixText}`
        : `${ipaddr.fromByteArray(start).toString()}/${prefixText}`;
    return { ok: true, family: address.family, canonical: network, hostBitsSet: toHex(start) !== toHex(address.bytes), interval: { start: toHex(start), end: toHex(end), entry } };
  }

  const dash = entry.indexOf('-');
  if (dash !== -1) {
    const first = addressBytes(entry.slice(0, dash));
    const last = addressBytes(entry.slice(dash + 1));
    if (!first || !last) return { ok: false, problem: 'is not a range of two IP addresses', fix: NOT_AN_ENTRY_FIX };
    if (first.family !== last.family) {
      return { ok: false, problem: 'mixes IPv4 and IPv6 in one range', fix: 'use two addresses of the same family' };
    }
    const start = toHex(first.bytes);
    const end = toHex(last.bytes);
    if (start > end) return { ok: false, problem: 'starts after it ends', fix: 'write the lower address first' };
    return { ok: true, family: first.family, canonical: entry, hostBitsSet: false, interval: { start, end, entry } };
  }

  const address = addressBytes(entry);
  if (!address) return { ok: false, problem: 'is not an IP address', fix: NOT_AN_ENTRY_FIX };
  const key = toHex(address.bytes);
  return { ok: true, family: address.family, canonical: entry, hostBitsSet: false, interval: { start: key, end: key, entry } };
}
