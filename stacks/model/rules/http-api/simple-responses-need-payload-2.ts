/** http-api/simple-responses-need-payload-2 (error): Simple responses asked of a payload 1.0 authorizer, which HTTP APIs support only on 2.0. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const simpleResponsesNeedPayload2 = defineRule<HttpApiFacts>({
  code: 'http-api/simple-responses-need-payload-2',
  severity: 'error',
  summary: 'Simple responses asked of a payload 1.0 authorizer, which HTTP APIs support only on 2.0',
  check: ({ payloadFormatVersion, simpleResponses }) =>
    payloadFormatVersion === '1.0' && simpleResponses
      ? [{ field: 'simpleResponses', value: true, message: 'is set with payload format 1.0; HTTP APIs take simple responses only from a payload 2.0 authorizer', fix: 'use payload format "2.0", or leave simpleResponses off to answer with IAM policies' }]
      : [],
});
