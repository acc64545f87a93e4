/** platform/default-endpoint-enabled (error): A mutual-TLS domain whose API keeps its default execute-api endpoint, which bypasses the handshake. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const defaultEndpointEnabled = defineRule<PlatformFacts>({
  code: 'platform/default-endpoint-enabled',
  severity: 'error',
  summary: 'A mutual-TLS domain whose API keeps its default execute-api endpoint, which bypasses the handshake',
  check: ({ mutualTls, restApi }) => {
    if (!mutualTls?.requireDefaultEndpointDisabled || restApi.disableExecuteApiEndpoint === true) return [];
    return [
      {
        field: 'mutualTls.disableDefaultEndpoint',
        value: true,
        message: restApi.managed ? "is required, but the REST API keeps its default execute-api endpoint, through which clients bypass mutual TLS" : 'cannot be checked on a REST API this stack does not manage, and without it clients can bypass mutual TLS',
        fix: restApi.managed ? 'set disableExecuteApiEndpoint: true on the REST API' : 'set disable_execute_api_endpoint where the API is managed, then set disableDefaultEndpoint: false here',
      },
    ];
  },
});
