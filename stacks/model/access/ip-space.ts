/**
 * The address space a key admits, as merged ranges in the one 128-bit space record/ip-entries.ts puts
 * every entry in (IPv4 as IPv4-mapped IPv6), with counts per family and set differences between two
 * versions of a key: what a change newly admits and what it newly refuses.
 */
import ipaddr from 'ipaddr.js';
import type { KeyDefinition } from '../api-key';
import { addressCount, mergeRanges } from '../ip-coverage';
import type { IpAccess, IpRuleAccess } from './model';

export interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

const ALL = (1n << 128n) - 1n;
/** IPv4 addresses live at ::ffff:0:0/96. */
const IPV4_START = 0xffffn << 32n;
const IPV4_END = IPV4_START + 0xffffffffn;

const hex = (value: bigint) => value.toString(16).padStart(32, '0');
const fromHex = (text: string) => BigInt(`0x${text}`);

export function rangesFromHex(ranges: readonly { readonly start: string; readonly end: string }[]): Range[] {
  return ranges.map((range) => ({ start: fromHex(range.start), end: fromHex(range.end) }));
}

export function rangesToHex(ranges: readonly Range[]): { start: string; end: string }[] {
  return ranges.map((range) => ({ start: hex(range.start), end: hex(range.end) }));
}

/** `a` less `b`; both merged and sorted, and so is the result. */
export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const result: Range[] = [];
  for (const range of a) {
    let start = range.start;
    for (const cut of b) {
      if (cut.end < start || cut.start > range.end) continue;
      if (cut.start > start) result.push({ start, end: cut.start - 1n });
      start = cut.end + 1n;
      if (start > range.end) break;
    }
    if (start <= range.end) result.push({ start, end: range.end });
  }
  return result;
}

export function countOf(ranges: readonly Range[]): bigint {
  return ranges.reduce((total, range) => total + range.end - range.start + 1n, 0n);
}

/** How many of the addresses are IPv4 (mapped) and how many IPv6. */
export function countByFamily(ranges: readonly Range[]): { ipv4: bigint; ipv6: bigint } {
  const ipv4 = countOf(intersectRanges(ranges, [{ start: IPV4_START, end: IPV4_END }]));
  return { ipv4, ipv6: countOf(ranges) - ipv4 };
}

function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const result: Range[] = [];
  for (const left of a) {
    for (const right of b) {
      const start = left.start > right.start ? left.start : right.start;
      const end = left.end < right.end ? left.end : right.end;
      if (start <= end) result.push({ start, end });
    }
  }
  return result;
}

function ruleOf(fact: KeyDefinition['ipEntries'][number]): IpRuleAccess {
  return fact.parsed.ok
    ? { entry: fact.entry, canonical: fact.parsed.canonical, family: fact.parsed.family, addresses: addressCount(fact).toString() }
    : { entry: fact.entry, addresses: '0' };
}

export function ipAccessOf(key: KeyDefinition): IpAccess {
  const allowed = key.ipEntries.filter((fact) => fact.list === 'allowedIps');
  const blocked = key.ipEntries.filter((fact) => fact.list === 'blockedIps');
  // An allow list whose entries all fail to parse still narrows (the key fails synth anyway).
  const anyAddress = allowed.length === 0;
  const admitted = subtractRanges(anyAddress ? [{ start: 0n, end: ALL }] : mergeRanges(allowed), mergeRanges(blocked));
  const counts = countByFamily(admitted);
  return {
    allowed: allowed.map(ruleOf),
    blocked: blocked.map(ruleOf),
    anyAddress,
    admitted: rangesToHex(admitted),
    admittedIpv4: counts.ipv4.toString(),
    admittedIpv6: counts.ipv6.toString(),
  };
}

function addressText(value: bigint): string {
  if (value >= IPV4_START && value <= IPV4_END) {
    const v4 = Number(value - IPV4_START);
    return [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff].join('.');
  }
  const bytes = Buffer.from(hex(value), 'hex');
  return (ipaddr.fromByteArray([...bytes]) as ipaddr.IPv6).toRFC5952String();
}

/** A range as an entry would write it: one address, a CIDR block when it is one, else `first-last`. */
function rangePartText(range: Range): string {
  if (range.start === range.end) return addressText(range.start);
  const size = range.end - range.start + 1n;
  const bits = size.toString(2).length - 1;
  if (size === 1n << BigInt(bits) && range.start % size === 0n) {
    const isV4 = range.start >= IPV4_START && range.end <= IPV4_END;
    return `${addressText(range.start)}/${(isV4 ? 32 : 128) - bits}`;
  }
  return `${addressText(range.start)}-${addressText(range.end)}`;
}

/** Ranges as entries, a range spanning the IPv4 block's edges split at them so each part has one family. */
export function rangesText(ranges: readonly Range[]): string[] {
  const v4 = { start: IPV4_START, end: IPV4_END };
  return ranges.flatMap((range) => {
    const parts = [...subtractRanges([range], [{ start: IPV4_START, end: ALL }]), ...intersectRanges([range], [v4]), ...subtractRanges([range], [{ start: 0n, end: IPV4_END }])];
    return parts.sort((a, b) => (a.start < b.start ? -1 : 1)).map(rangePartText);
  });
}

/** A count as people read it: grouped digits, or a power of two when it is one and large. */
export function countText(count: bigint): string {
  const bits = count.toString(2).length - 1;
  if (count > 1n << 40n && count === 1n << BigInt(bits)) return `2^${bits}`;
  return count.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `256 IPv4 addresses`, `1 IPv4 address and 2^80 IPv6 addresses`, `no address`. */
export function familyCountsText(counts: { ipv4: bigint; ipv6: bigint }): string {
  const part = (count: bigint, family: string) => `${countText(count)} ${family} address${count === 1n ? '' : 'es'}`;
  const parts = [counts.ipv4 > 0n ? part(counts.ipv4, 'IPv4') : undefined, counts.ipv6 > 0n ? part(counts.ipv6, 'IPv6') : undefined].filter((text): text is string => text !== undefined);
  return parts.length === 0 ? 'no address' : parts.join(' and ');
}
