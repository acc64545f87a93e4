/** platform/truststore-certificate-invalid (error): A truststore entry that does not decode as a certificate. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const truststoreCertificateInvalid = defineRule<PlatformFacts>({
  code: 'platform/truststore-certificate-invalid',
  severity: 'error',
  summary: 'A truststore entry that does not decode as a certificate',
  check: ({ mutualTls }) =>
    (mutualTls?.truststore.entries ?? []).flatMap((entry) =>
      entry.certificate ? [] : [{ field: `mutualTls.truststorePem[${entry.index}]`, value: entry.block, message: 'does not decode as a certificate', fix: 'paste the CA certificate exactly as its PEM file holds it' }],
    ),
});
