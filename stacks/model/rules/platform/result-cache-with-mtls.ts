/** platform/result-cache-with-mtls (warning): API Gateway's result cache on with mutual TLS, which it does not key on certificates. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const resultCacheWithMtls = defineRule<PlatformFacts>({
  code: 'platform/result-cache-with-mtls',
  severity: 'warning',
  summary: 'API Gateway\'s result cache on with mutual TLS, which it does not key on certificates',
  check: ({ resultCacheTtlSeconds: ttl, mutualTls }) =>
    mutualTls && Number.isInteger(ttl) && ttl > 0
      ? [
          {
            field: 'resultCacheTtlSeconds',
            value: ttl,
            message: 'caches decisions per token and address, not per client certificate, so within the TTL a cached allow also serves a request presenting another truststore certificate',
            fix: "leave it at 0 with mutual TLS (the authorizer's own record cache keeps decisions fast)",
          },
        ]
      : [],
});
