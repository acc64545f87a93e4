/** catalog/name-duplicate (error): Two policies, collections or clients of one name. */
import type { Duplicate } from '../context';
import { defineRule } from '../rule';

export const nameDuplicate = defineRule<Duplicate>({
  code: 'catalog/name-duplicate',
  severity: 'error',
  summary: 'Two policies, collections or clients of one name',
  check: ({ kind, name, other }) => [
    { field: 'id', value: name, message: `names a second ${kind} "${name}"${other ? `, also declared in ${other}` : ''}`, fix: `give each ${kind} its own name` },
  ],
});
