/** platform/truststore-not-ca (error): A truststore certificate that is not a CA, so nothing chains to it. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';
import { subjectOf } from '../context';

export const truststoreNotCa = defineRule<PlatformFacts>({
  code: 'platform/truststore-not-ca',
  severity: 'error',
  summary: 'A truststore certificate that is not a CA, so nothing chains to it',
  check: ({ mutualTls }) =>
    (mutualTls?.truststore.entries ?? []).flatMap((entry) =>
      entry.certificate && !entry.certificate.ca
        ? [{ field: `mutualTls.truststorePem[${entry.index}]`, value: subjectOf(entry.certificate), message: 'is not a CA certificate, so no client certificate can chain to it', fix: "put the issuing CA's certificate in the truststore, not a client's" }]
        : [],
    ),
});
