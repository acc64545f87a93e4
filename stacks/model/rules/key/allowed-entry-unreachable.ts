/** key/allowed-entry-unreachable (warning): An allowed entry blocked entries cover entirely, so it admits no one. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';
import { uncovered } from '../../ip-coverage';

export const allowedEntryUnreachable = defineRule<KeyDefinition>({
  code: 'key/allowed-entry-unreachable',
  severity: 'warning',
  summary: 'An allowed entry blocked entries cover entirely, so it admits no one',
  check: (key) => {
    const blocked = key.ipEntries.filter((fact) => fact.list === 'blockedIps');
    return key.ipEntries
      .filter((fact) => fact.list === 'allowedIps' && fact.parsed.ok && uncovered(fact, blocked) === 0n)
      .map((fact) => ({ field: `allowedIps[${fact.index}]`, value: fact.entry, message: 'is entirely covered by blocked entries, so it admits no one (blocked entries win)', fix: 'remove the allowed entry, or narrow the blocked ones' }));
  },
});
