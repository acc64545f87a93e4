/** platform/result-cache-ttl-invalid (error): A result cache TTL that is not 0 to 3600 seconds. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const resultCacheTtlInvalid = defineRule<PlatformFacts>({
  code: 'platform/result-cache-ttl-invalid',
  severity: 'error',
  summary: 'A result cache TTL that is not 0 to 3600 seconds',
  check: ({ resultCacheTtlSeconds: ttl }) =>
    Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600
      ? []
      : [{ field: 'resultCacheTtlSeconds', value: ttl, message: 'is not a whole number of seconds from 0 to 3600', fix: "use 300, or 0 to disable API Gateway's cache" }],
});
