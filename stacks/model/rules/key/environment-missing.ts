/** key/environment-missing (error): A key that does not say which environment it belongs to, in an app with several. */
import type { EnvironmentUse } from '../context';
import { defineRule } from '../rule';

export const environmentMissing = defineRule<EnvironmentUse>({
  code: 'key/environment-missing',
  severity: 'error',
  summary: 'A key without an environment in an app with several (a key belongs to exactly one)',
  check: ({ named, all }) =>
    named.length === 0 && all.length > 1
      ? [{ field: 'environment', value: undefined, message: `is required: the app has ${all.length} environments, and a key belongs to exactly one (a staging token must never work in production)`, fix: `set environment to one of: ${all.join(', ')}` }]
      : [],
});
