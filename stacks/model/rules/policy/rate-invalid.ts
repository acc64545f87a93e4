/** policy/rate-invalid (error): A rate limit that is not above 0 and at most 10,000 requests per second. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const rateInvalid = defineRule<PolicyDefinition>({
  code: 'policy/rate-invalid',
  severity: 'error',
  summary: 'A rate limit that is not above 0 and at most 10,000 requests per second',
  check: ({ settings }) => {
    const rate = settings.rateLimit?.requestsPerSecond;
    if (!settings.rateLimit || (typeof rate === 'number' && Number.isFinite(rate) && rate > 0 && rate <= 10_000)) return [];
    return [{ field: 'rateLimit.requestsPerSecond', value: rate, message: 'is not a rate from above 0 to 10000 requests per second', fix: 'set a positive rate, e.g. 50' }];
  },
});
