/** key/name-duplicate (error): Two keys of one client with one name. */
import type { Duplicate } from '../context';
import { defineRule } from '../rule';

export const nameDuplicate = defineRule<Duplicate>({
  code: 'key/name-duplicate',
  severity: 'error',
  summary: 'Two keys of one client with one name',
  check: ({ name, other, owner }) => [
    { field: 'id', value: name, message: `names a second key "${name}" of client "${owner}"${other ? `, also declared in ${other}` : ''}`, fix: 'give each key of a client its own name' },
  ],
});
