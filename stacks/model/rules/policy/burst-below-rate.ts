/** policy/burst-below-rate (warning): A burst below the rate, which caps the rate at the burst. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const burstBelowRate = defineRule<PolicyDefinition>({
  code: 'policy/burst-below-rate',
  severity: 'warning',
  summary: 'A burst below the rate, which caps the rate at the burst',
  check: ({ settings }) => {
    const limit = settings.rateLimit;
    if (!limit || !Number.isInteger(limit.burst) || typeof limit.requestsPerSecond !== 'number' || limit.burst >= limit.requestsPerSecond) return [];
    return [{ field: 'rateLimit.burst', value: limit.burst, message: `is below the rate (${limit.requestsPerSecond}/s), which caps the rate at the burst`, fix: 'set burst to at least requestsPerSecond' }];
  },
});
