/**
 * Step 7's language: a key's allowed and blocked IP entries. The stacks validate declarations with this
 * parser and the authorizer evaluates records with it, so synth and runtime can never disagree about
 * what an entry means.
 *
 * Entries: a single address, a CIDR block (`10.0.0.0/8`, `2001:db8::/32`) or an inclusive range
 * (`10.0.0.5-10.0.0.9`), IPv4 or IPv6. Addresses are validated by node:net (strict dotted-quad, no octal
 * or hex forms, so `123.456.123.456` and `010.0.0.1` are refused) and converted by ipaddr.js. Every
 * address lives in one 128-bit space, IPv4 as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so an IPv4 rule
 * matches an IPv4-mapped source address and vice versa.
 *
 * Matching is a binary search over intervals kept as 32-digit hex strings (equal-length lowercase hex
 * compares like the numbers it spells), so a 10,000-entry list costs about 14 string comparisons.
 */
import { isIP, isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';

const ADDRESS_BYTES = 16;
/** IPv4 addresses sit at ::ffff:0:0/96. */
const IPV4_PREFIX_OFFSET = 96;

interface Interval {
  readonly start: string;
  readonly end: string;
  readonly entry: string;
}

export type ParsedIpEntry =
  | { readonly ok: true; readonly interval: Interval; readonly family: 4 | 6; readonly canonical: string }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

function toHex(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString('hex');
}

/** An address as 16 bytes (IPv4 mapped into IPv6), or undefined when it is not a plain IP address. */
function addressBytes(text: string): { bytes: number[]; family: 4 | 6 } | undefined {
  const family = isIP(text);
  if (family === 0 || text.includes('%')) return undefined; // zone ids name an interface, not an address
  const parsed = ipaddr.parse(text);
  const bytes = parsed.kind() === 'ipv4' ? (parsed as ipaddr.IPv4).toIPv4MappedAddress().toByteArray() : parsed.toByteArray();
  return { bytes, family: family as 4 | 6 };
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
    return { ok: true, family: address.family, canonical: network, interval: { start: toHex(start), end: toHex(end), entry } };
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
    return { ok: true, family: first.family, canonical: entry, interval: { start, end, entry } };
  }

  const address = addressBytes(entry);
  if (!address) return { ok: false, problem: 'is not an IP address', fix: NOT_AN_ENTRY_FIX };
  const key = toHex(address.bytes);
  return { ok: true, family: address.family, canonical: entry, interval: { start: key, end: key, entry } };
}

export class IpRuleError extends Error {
  override readonly name = 'IpRuleError';
}

/** A compiled list of entries. Immutable; built once per key record. */
export class IpRuleSet {
  /** Intervals sorted by start; `reach[i]` is the largest end among intervals 0..i. */
  private readonly starts: string[];
  private readonly reach: string[];

  private constructor(private readonly intervals: readonly Interval[]) {
    this.starts = intervals.map((interval) => interval.start);
    this.reach = [];
    let reach = '';
    for (const interval of intervals) {
      if (interval.end > reach) reach = interval.end;
      this.reach.push(reach);
    }
  }

  static compile(entries: readonly string[]): IpRuleSet {
    const intervals = entries.map((entry) => {
      const parsed = parseIpEntry(entry);
      if (!parsed.ok) throw new IpRuleError(`IP entry ${JSON.stringify(entry)} ${parsed.problem}`);
      return parsed.interval;
    });
    intervals.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return new IpRuleSet(intervals);
  }

  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Whether the address (an ipAddressKey) falls in any entry. */
  contains(address: string): boolean {
    let low = 0;
    let high = this.starts.length - 1;
    let last = -1; // index of the last interval starting at or before the address
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if ((this.starts[mid] as string) <= address) {
        last = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return last !== -1 && (this.reach[last] as string) >= address;
  }

  /** The first declared entry containing the address, for logs and explanations (not the hot path). */
  matchingEntry(address: string): string | undefined {
    return this.intervals.find((interval) => interval.start <= address && address <= interval.end)?.entry;
  }
}

export type IpVerdict = 'ip_blocked' | 'ip_not_allowed' | undefined;

/** Blocked entries win over allowed ones; a non-empty allow list admits only its entries. */
export function checkIpRules(address: string, allowed: IpRuleSet, blocked: IpRuleSet): IpVerdict {
  if (blocked.contains(address)) return 'ip_blocked';
  if (!allowed.isEmpty && !allowed.contains(address)) return 'ip_not_allowed';
  return undefined;
}

/**
 * Allowed entries that blocked entries cover completely, so they can never admit anyone. Used for a
 * synth-time warning; assumes every entry parses (invalid ones are reported on their own).
 */
export function unreachableAllowEntries(allowed: readonly string[], blocked: readonly string[]): string[] {
  const toRange = (entry: string) => {
    const parsed = parseIpEntry(entry);
    return parsed.ok ? { start: BigInt(`0x${parsed.interval.start}`), end: BigInt(`0x${parsed.interval.end}`) } : undefined;
  };
  const blocks = blocked
    .map(toRange)
    .filter((range) => range !== undefined)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return allowed.filter((entry) => {
    const range = toRange(entry);
    if (!range) return false;
    let next = range.start; // the lowest address of the entry not yet known to be blocked
    for (const block of blocks) {
      if (block.start > next) break;
      if (block.end >= next) next = block.end + 1n;
      if (next > range.end) return true;
    }
    return false;
  });
}
