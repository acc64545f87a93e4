/** environment/name-invalid (error): An environment name that cannot name stacks and resources. */
import type { EnvironmentSettings } from '../../environment';
import { NAME_PATTERN } from '../../problems';
import { defineRule } from '../rule';

export const nameInvalid = defineRule<{ readonly settings: EnvironmentSettings; readonly all: readonly EnvironmentSettings[] }>({
  code: 'environment/name-invalid',
  severity: 'error',
  summary: 'An environment name that cannot name stacks and resources',
  check: ({ settings }) =>
    typeof settings.name === 'string' && NAME_PATTERN.test(settings.name) && settings.name.length <= 24
      ? []
      : [{ field: 'name', value: settings.name, message: 'is not a valid environment name', fix: 'use 1 to 24 lowercase letters, digits and dashes, e.g. staging or production' }],
});
