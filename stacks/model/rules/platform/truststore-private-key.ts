/** platform/truststore-private-key (error): A truststore holding a private key. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const truststorePrivateKey = defineRule<PlatformFacts>({
  code: 'platform/truststore-private-key',
  severity: 'error',
  summary: 'A truststore holding a private key',
  check: ({ mutualTls }) =>
    mutualTls?.truststore.privateKey
      ? [{ field: 'mutualTls.truststorePem', value: mutualTls.truststore.pem, message: 'holds a PRIVATE key', fix: 'a truststore holds CA certificates only: remove the key from the repository and rotate it' }]
      : [],
});
