/** key/hash-duplicate (error): One token hash declared for two keys, so one token would open both. */
import type { Duplicate } from '../context';
import { defineRule } from '../rule';

export const hashDuplicate = defineRule<Duplicate>({
  code: 'key/hash-duplicate',
  severity: 'error',
  summary: 'One token hash declared for two keys, so one token would open both',
  check: ({ name, owner, value, other }) => [
    { field: 'tokenHash', value, message: `is also the hash of key "${name}" of client "${owner}"${other ? ` (${other})` : ''}: one token would open two keys`, fix: 'mint a new token for one of them with `gatehouse keys new`' },
  ],
});
