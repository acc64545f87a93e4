/** policy/burst-invalid (error): A burst that is not a whole number from 1 to 5,000. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const burstInvalid = defineRule<PolicyDefinition>({
  code: 'policy/burst-invalid',
  severity: 'error',
  summary: 'A burst that is not a whole number from 1 to 5,000',
  check: ({ settings }) => {
    const burst = settings.rateLimit?.burst;
    if (!settings.rateLimit || (Number.isInteger(burst) && (burst as number) >= 1 && (burst as number) <= 5_000)) return [];
    return [{ field: 'rateLimit.burst', value: burst, message: 'is not a whole number from 1 to 5000', fix: 'set a burst at least as large as the rate, e.g. 100' }];
  },
});
