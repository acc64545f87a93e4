/** client/environment-unknown (error): A client naming an environment the app does not have. */
import type { EnvironmentUse } from '../context';
import { defineRule } from '../rule';

export const environmentUnknown = defineRule<EnvironmentUse>({
  code: 'client/environment-unknown',
  severity: 'error',
  summary: 'A client whose environments or perEnvironment name an environment the app does not have',
  check: ({ named, all }) =>
    named
      .filter(({ name }) => !all.includes(name))
      .map(({ field, name }) => ({ field, value: name, message: 'is not an environment of the app', fix: `use one of: ${all.join(', ')} (stacks/environments.ts declares them)` })),
});
