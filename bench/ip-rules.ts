/** IP rules: time per check against a 10,000-entry allow list (and a blocked list), source parsing included. */
import { checkIpRules, IpRuleSet } from '../lambda/ip-rules';
import { ipAddressKey } from '../record/ip-entries';
import { formatRows, measureInterleaved, type RowResult } from './measure';

export async function benchIpRules(scale: { rounds: number; opsPerRound: number; warmupOps: number }): Promise<{ rows: RowResult[]; report: string }> {
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648);
  const octet = () => next() % 256;
  const entries: string[] = [];
  while (entries.length < 10_000) {
    const kind = entries.length % 4;
    if (kind === 0) entries.push(`${octet()}.${octet()}.${octet()}.${octet()}`);
    if (kind === 1) entries.push(`${octet()}.${octet()}.${octet()}.0/24`);
    if (kind === 2) {
      const network = `${octet()}.${octet()}.${octet()}`;
      entries.push(`${network}.10-${network}.20`);
    }
    if (kind === 3) entries.push(`2001:db8:${(next() % 65536).toString(16)}::/48`);
  }
  const allowed = IpRuleSet.compile(entries);
  const blocked = IpRuleSet.compile(entries.slice(0, 1_000));
  const sources = Array.from({ length: 1024 }, () => `${octet()}.${octet()}.${octet()}.${octet()}`);
  const keys = sources.map((source) => ipAddressKey(source) as string);
  let i = 0;
  const rows = await measureInterleaved(
    [
      { name: 'parse source address + check (10,000 allowed, 1,000 blocked)', op: () => checkIpRules(ipAddressKey(sources[i++ & 1023] as string) as string, allowed, blocked) },
      { name: 'check only, address already parsed', op: () => checkIpRules(keys[i++ & 1023] as string, allowed, blocked) },
    ],
    scale,
  );
  return { rows, report: formatRows('IP rules', rows) };
}
