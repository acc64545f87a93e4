/**
 * Step 7: a key's IP rules, compiled from its entries (record/ip-entries.ts) into sorted intervals and
 * matched by binary search, so a 10,000-entry list costs about 14 string comparisons.
 */
import { type Interval, parseIpEntry } from '../record/ip-entries';

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
