/** key/ip-entry-host-bits (warning): A CIDR block written with host bits set. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';

export const ipEntryHostBits = defineRule<KeyDefinition>({
  code: 'key/ip-entry-host-bits',
  severity: 'warning',
  summary: 'A CIDR block written with host bits set',
  check: (key) =>
    key.ipEntries.flatMap((fact) =>
      fact.parsed.ok && fact.parsed.hostBitsSet ? [{ field: `${fact.list}[${fact.index}]`, value: fact.entry, message: `has host bits set; it means ${fact.parsed.canonical}`, fix: `write ${fact.parsed.canonical}` }] : [],
    ),
});
