/** environment/account-invalid (error): An AWS account id that is not 12 digits. */
import type { EnvironmentSettings } from '../../environment';
import { defineRule } from '../rule';

export const accountInvalid = defineRule<{ readonly settings: EnvironmentSettings; readonly all: readonly EnvironmentSettings[] }>({
  code: 'environment/account-invalid',
  severity: 'error',
  summary: 'An environment account that is not a 12-digit AWS account id',
  check: ({ settings }) =>
    settings.account === undefined || /^\d{12}$/.test(settings.account)
      ? []
      : [{ field: 'account', value: settings.account, message: 'is not a 12-digit AWS account id', fix: 'use the account id `aws sts get-caller-identity` prints for the environment' }],
});
