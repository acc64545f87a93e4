/** policy/quota-offset-invalid (error): A quota offset outside its period's days. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const quotaOffsetInvalid = defineRule<PolicyDefinition>({
  code: 'policy/quota-offset-invalid',
  severity: 'error',
  summary: "A quota offset outside its period's days",
  check: ({ settings }) => {
    const quota = settings.quota;
    const max = quota && ({ DAY: 0, WEEK: 6, MONTH: 27 } as Record<string, number>)[quota.period];
    if (!quota || max === undefined || quota.offset === undefined || (Number.isInteger(quota.offset) && quota.offset >= 0 && quota.offset <= max)) return [];
    return [{ field: 'quota.offset', value: quota.offset, message: `is not a day offset from 0 to ${max} for a ${quota.period} quota`, fix: 'leave offset out to start each period at its first day' }];
  },
});
