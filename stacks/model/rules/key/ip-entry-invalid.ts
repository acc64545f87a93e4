/** key/ip-entry-invalid (error): An allowed or blocked entry that is not an address, CIDR block or range. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';

export const ipEntryInvalid = defineRule<KeyDefinition>({
  code: 'key/ip-entry-invalid',
  severity: 'error',
  summary: 'An allowed or blocked entry that is not an address, CIDR block or range',
  check: (key) => key.ipEntries.flatMap((fact) => (fact.parsed.ok ? [] : [{ field: `${fact.list}[${fact.index}]`, value: fact.entry, message: fact.parsed.problem, fix: fact.parsed.fix }])),
});
