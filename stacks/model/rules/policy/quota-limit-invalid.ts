/** policy/quota-limit-invalid (error): A quota limit that is not a whole number of at least 1. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const quotaLimitInvalid = defineRule<PolicyDefinition>({
  code: 'policy/quota-limit-invalid',
  severity: 'error',
  summary: 'A quota limit that is not a whole number of at least 1',
  check: ({ settings }) => {
    const quota = settings.quota;
    if (!quota || (Number.isInteger(quota.limit) && quota.limit >= 1)) return [];
    return [{ field: 'quota.limit', value: quota.limit, message: 'is not a whole number of requests of at least 1', fix: 'set the requests allowed per period, e.g. 100000' }];
  },
});
