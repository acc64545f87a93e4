/** name/invalid (error): A client, key, policy, collection or platform prefix name that cannot be used in ARNs and resource names. */
import { NAME_PATTERN } from '../../problems';
import { defineRule } from '../rule';

export const invalid = defineRule<{ readonly kind: string; readonly name: string }>({
  code: 'name/invalid',
  severity: 'error',
  summary: 'A client, key, policy, collection or platform prefix name that cannot be used in ARNs and resource names',
  check: (subject) =>
    typeof subject.name === 'string' && NAME_PATTERN.test(subject.name)
      ? []
      : [{ field: 'id', value: subject.name, message: `is not a valid ${subject.kind} name`, fix: 'use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit' }],
});
