/** key/environment-unknown (error): A key naming an environment the app does not have. */
import type { EnvironmentUse } from '../context';
import { defineRule } from '../rule';

export const environmentUnknown = defineRule<EnvironmentUse>({
  code: 'key/environment-unknown',
  severity: 'error',
  summary: 'A key whose environment is not an environment of the app',
  check: ({ named, all }) =>
    named
      .filter(({ name }) => !all.includes(name))
      .map(({ field, name }) => ({ field, value: name, message: 'is not an environment of the app', fix: `use one of: ${all.join(', ')} (stacks/environments.ts declares them)` })),
});
