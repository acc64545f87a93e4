/**
 * How a key's allowed and blocked entries cover each other, in address counts, for synth warnings and
 * for `gatehouse access` (which reports how much address space a key admits).
 */
import type { IpEntryFact } from './api-key';

interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

function rangeOf(fact: Pick<IpEntryFact, 'parsed'>): Range | undefined {
  return fact.parsed.ok ? { start: BigInt(`0x${fact.parsed.interval.start}`), end: BigInt(`0x${fact.parsed.interval.end}`) } : undefined;
}

/** How many addresses an entry spans. */
export function addressCount(fact: Pick<IpEntryFact, 'parsed'>): bigint {
  const range = rangeOf(fact);
  return range ? range.end - range.start + 1n : 0n;
}

/** The ranges' union, merged and sorted. */
export function mergeRanges(facts: readonly Pick<IpEntryFact, 'parsed'>[]): Range[] {
  const ranges = facts
    .map(rangeOf)
    .filter((range): range is Range => range !== undefined)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1n) merged[merged.length - 1] = { start: last.start, end: range.end > last.end ? range.end : last.end };
    else merged.push(range);
  }
  return merged;
}

/** How many addresses of `fact` none of `others` covers. */
export function uncovered(fact: Pick<IpEntryFact, 'parsed'>, others: readonly Pick<IpEntryFact, 'parsed'>[]): bigint {
  const range = rangeOf(fact);
  if (!range) return 0n;
  let count = range.end - range.start + 1n;
  for (const other of mergeRanges(others)) {
    const start = other.start > range.start ? other.start : range.start;
    const end = other.end < range.end ? other.end : range.end;
    if (start <= end) count -= end - start + 1n;
  }
  return count;
}
