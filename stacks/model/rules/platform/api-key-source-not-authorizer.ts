/** platform/api-key-source-not-authorizer (error): A protected REST API whose API key source is not AUTHORIZER. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const apiKeySourceNotAuthorizer = defineRule<PlatformFacts>({
  code: 'platform/api-key-source-not-authorizer',
  severity: 'error',
  summary: 'A protected REST API whose API key source is not AUTHORIZER',
  check: ({ restApi }) =>
    !restApi.managed || restApi.apiKeySource === 'AUTHORIZER'
      ? []
      : [{ field: 'restApi.apiKeySource', value: restApi.apiKeySource ?? 'HEADER', message: 'is not AUTHORIZER, so callers could pick a usage plan with an x-api-key header', fix: "set apiKeySource: 'AUTHORIZER' on the REST API" }],
});
