/** http-api/response-format-conflict (error): Two HTTP APIs on one platform wanting its one authorizer to answer in different formats. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const responseFormatConflict = defineRule<HttpApiFacts>({
  code: 'http-api/response-format-conflict',
  severity: 'error',
  summary: "Two HTTP APIs on one platform wanting its one authorizer to answer in different formats",
  check: ({ payloadFormatVersion, simpleResponses, authorizerSimpleResponses }) =>
    payloadFormatVersion === '2.0' && authorizerSimpleResponses !== undefined && authorizerSimpleResponses !== String(simpleResponses)
      ? [
          {
            field: 'simpleResponses',
            value: simpleResponses,
            message: `differs from another HTTP API on this platform (simple responses ${authorizerSimpleResponses === 'true' ? 'on' : 'off'}); the platform's one authorizer answers every payload 2.0 event in one format, and an answer in the other is a 500`,
            fix: 'give every HTTP API of the platform the same simpleResponses setting',
          },
        ]
      : [],
});
