/** platform/truststore-empty (error): A truststore without certificates. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const truststoreEmpty = defineRule<PlatformFacts>({
  code: 'platform/truststore-empty',
  severity: 'error',
  summary: 'A truststore without certificates',
  check: ({ mutualTls }) =>
    mutualTls && !mutualTls.truststore.privateKey && mutualTls.truststore.entries.length === 0
      ? [{ field: 'mutualTls.truststorePem', value: mutualTls.truststore.pem, message: 'holds no PEM certificate', fix: "concatenate the PEM certificates of the CAs (and intermediates) that issue your clients' certificates" }]
      : [],
});
