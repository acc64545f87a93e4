/** environment/name-duplicate (error): Two environments of one name. */
import type { EnvironmentSettings } from '../../environment';
import { defineRule } from '../rule';

export const nameDuplicate = defineRule<{ readonly settings: EnvironmentSettings; readonly all: readonly EnvironmentSettings[] }>({
  code: 'environment/name-duplicate',
  severity: 'error',
  summary: 'Two environments of one name, which would share stacks and state',
  check: ({ settings, all }) =>
    all.filter((other) => other.name === settings.name).length > 1
      ? [{ field: 'name', value: settings.name, message: 'names two environments, which would share stacks and state', fix: 'give each environment its own name' }]
      : [],
});
