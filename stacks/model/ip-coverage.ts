/** How a key's allowed and blocked entries cover each other, for synth-time warnings. */
import { parseIpEntry } from '../../record/ip-entries';

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
