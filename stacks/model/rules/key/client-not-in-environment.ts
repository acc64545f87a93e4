/** key/client-not-in-environment (error): A key of an environment its client does not exist in. */
import { defineRule } from '../rule';

export const clientNotInEnvironment = defineRule<{ readonly environment: string; readonly client: string; readonly clientEnvironments: readonly string[] }>({
  code: 'key/client-not-in-environment',
  severity: 'error',
  summary: 'A key belonging to an environment its client does not exist in',
  check: ({ environment, client, clientEnvironments }) =>
    clientEnvironments.includes(environment)
      ? []
      : [{ field: 'environment', value: environment, message: `is not one of the environments client "${client}" exists in (${clientEnvironments.join(', ')})`, fix: `add ${environment} to the client's environments, or move the key to one of them` }],
});
