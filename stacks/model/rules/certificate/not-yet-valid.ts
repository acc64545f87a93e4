/** certificate/not-yet-valid (error): A certificate in use whose validity has not begun. */
import { defineRule } from '../rule';
import { type CertificateUse, type SynthContext, subjectOf } from '../context';

export const notYetValid = defineRule<readonly CertificateUse[], SynthContext>({
  code: 'certificate/not-yet-valid',
  severity: 'error',
  summary: 'A certificate in use whose validity has not begun',
  check: (uses, { now }) =>
    uses.flatMap(({ field, certificate, renewal }) =>
      new Date(certificate.validFrom).getTime() > now.getTime() ? [{ field, value: subjectOf(certificate), message: `is a certificate not valid before ${new Date(certificate.validFrom).toISOString()}`, fix: renewal }] : [],
    ),
});
