/** policy/quota-period-invalid (error): A quota period other than DAY, WEEK or MONTH. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const quotaPeriodInvalid = defineRule<PolicyDefinition>({
  code: 'policy/quota-period-invalid',
  severity: 'error',
  summary: 'A quota period other than DAY, WEEK or MONTH',
  check: ({ settings }) => {
    const quota = settings.quota;
    if (!quota || ['DAY', 'WEEK', 'MONTH'].includes(quota.period)) return [];
    return [{ field: 'quota.period', value: quota.period, message: 'is not DAY, WEEK or MONTH', fix: 'use one of DAY, WEEK, MONTH' }];
  },
});
