/** policy/limits-nothing (warning): An access policy with neither a rate limit nor a quota. */
import type { PolicyDefinition } from '../../access-policy';
import { defineRule } from '../rule';

export const limitsNothing = defineRule<PolicyDefinition>({
  code: 'policy/limits-nothing',
  severity: 'warning',
  summary: 'An access policy with neither a rate limit nor a quota',
  check: ({ settings }) =>
    settings.rateLimit || settings.quota ? [] : [{ field: 'rateLimit', value: undefined, message: 'neither rateLimit nor quota is set, so this policy limits nothing', fix: 'set rateLimit and/or quota' }],
});
