/** key/blocked-entry-no-effect (warning): A blocked entry outside every allowed entry, which has no effect. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';
import { addressCount, uncovered } from '../../ip-coverage';

export const blockedEntryNoEffect = defineRule<KeyDefinition>({
  code: 'key/blocked-entry-no-effect',
  severity: 'warning',
  summary: 'A blocked entry outside every allowed entry, which has no effect',
  check: (key) => {
    const allowed = key.ipEntries.filter((fact) => fact.list === 'allowedIps');
    if (allowed.length === 0) return []; // with no allow list, every blocked entry narrows "any address"
    return key.ipEntries
      .filter((fact) => fact.list === 'blockedIps' && fact.parsed.ok && uncovered(fact, allowed) === addressCount(fact))
      .map((fact) => ({ field: `blockedIps[${fact.index}]`, value: fact.entry, message: 'lies outside every allowed entry, so it has no effect (only allowed addresses get in anyway)', fix: 'remove the blocked entry, or correct it to the addresses it was meant to refuse' }));
  },
});
