/** client/mtls-names-nothing (error): A mutual-TLS requirement that names no certificate. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const mtlsNamesNothing = defineRule<ClientDefinition>({
  code: 'client/mtls-names-nothing',
  severity: 'error',
  summary: 'A mutual-TLS requirement that names no certificate',
  check: ({ mtls }) =>
    mtls && mtls.certificates.length + mtls.subjects.length + mtls.fingerprints.length === 0
      ? [{ field: 'mtls', value: mtls.settings, message: 'names no certificate', fix: 'list the certificates (or their SHA-256 fingerprints, or subjects) this client may present' }]
      : [],
});
