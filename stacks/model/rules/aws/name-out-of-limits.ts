/** aws/name-out-of-limits (error): A name or value Gatehouse generates that AWS documents it would refuse. */
import { type NameToCheck, nameFindings } from '../../aws-limits/name-rule';
import { defineRule } from '../rule';

export const nameOutOfLimits = defineRule<readonly NameToCheck[]>({
  code: 'aws/name-out-of-limits',
  severity: 'error',
  summary: 'A name or value Gatehouse generates (from namePrefix, client names) that AWS documents it would refuse',
  check: (names) => names.flatMap(nameFindings),
});
