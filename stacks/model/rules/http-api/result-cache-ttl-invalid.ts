/** http-api/result-cache-ttl-invalid (error): An HTTP API authorizer result TTL that is not 0 to 3600 seconds. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const resultCacheTtlInvalid = defineRule<HttpApiFacts>({
  code: 'http-api/result-cache-ttl-invalid',
  severity: 'error',
  summary: 'An HTTP API authorizer result TTL that is not 0 to 3600 seconds',
  check: ({ resultCacheTtlSeconds: ttl }) =>
    Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600
      ? []
      : [{ field: 'resultCacheTtlSeconds', value: ttl, message: 'is not a whole number of seconds from 0 to 3600, the range HTTP APIs accept', fix: "use 300, or 0 to disable the HTTP API's authorizer cache" }],
});
