/** platform/authorizer-setting-invalid (error): An authorizer setting the Lambda would refuse at cold start. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';
import { loadConfig } from '../../../../record/authorizer-settings';

export const authorizerSettingInvalid = defineRule<PlatformFacts>({
  code: 'platform/authorizer-setting-invalid',
  severity: 'error',
  summary: 'An authorizer setting the Lambda would refuse at cold start',
  check: (platform) => {
    // The authorizer's own loader; the table name may be a Terraform token at synth, so any name will do.
    try {
      loadConfig({ ...platform.authorizerEnvironment, GATEHOUSE_TABLE_NAME: 'table' });
      return [];
    } catch (caught) {
      return [{ field: 'authorizer', value: platform.authorizerEnvironment, message: (caught as Error).message, fix: 'correct the authorizer setting named in the message' }];
    }
  },
});
