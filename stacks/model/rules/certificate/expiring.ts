/** certificate/expiring (warning): A certificate in use that expires within 30 days. */
import { defineRule } from '../rule';
import { type CertificateUse, CERTIFICATE_WARNING_DAYS, DAY_MS, type SynthContext, subjectOf } from '../context';

export const expiring = defineRule<readonly CertificateUse[], SynthContext>({
  code: 'certificate/expiring',
  severity: 'warning',
  summary: 'A certificate in use that expires within 30 days',
  check: (uses, { now }) =>
    uses.flatMap(({ field, certificate, renewal }) => {
      const days = (new Date(certificate.validTo).getTime() - now.getTime()) / DAY_MS;
      return days > 0 && days <= CERTIFICATE_WARNING_DAYS
        ? [{ field, value: subjectOf(certificate), message: `is a certificate that expires in ${Math.ceil(days)} days (${new Date(certificate.validTo).toISOString()})`, fix: renewal }]
        : [];
    }),
});
