/** certificate/expired (error): A certificate in use (public key, mTLS binding, truststore) past its end of validity. */
import { defineRule } from '../rule';
import { type CertificateUse, type SynthContext, subjectOf } from '../context';

export const expired = defineRule<readonly CertificateUse[], SynthContext>({
  code: 'certificate/expired',
  severity: 'error',
  summary: 'A certificate in use (public key, mTLS binding, truststore) past its end of validity',
  check: (uses, { now }) =>
    uses.flatMap(({ field, certificate, renewal }) =>
      new Date(certificate.validTo).getTime() <= now.getTime() ? [{ field, value: subjectOf(certificate), message: `is a certificate that expired on ${new Date(certificate.validTo).toISOString()}`, fix: renewal }] : [],
    ),
});
