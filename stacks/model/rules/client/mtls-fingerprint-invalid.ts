/** client/mtls-fingerprint-invalid (error): A bound fingerprint that is not a SHA-256 fingerprint. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const mtlsFingerprintInvalid = defineRule<ClientDefinition>({
  code: 'client/mtls-fingerprint-invalid',
  severity: 'error',
  summary: 'A bound fingerprint that is not a SHA-256 fingerprint',
  check: ({ mtls }) =>
    (mtls?.fingerprints ?? []).flatMap((fact) =>
      fact.normalised ? [] : [{ field: `mtls.fingerprints[${fact.index}]`, value: fact.text, message: 'is not a SHA-256 fingerprint', fix: 'use the output of: openssl x509 -noout -fingerprint -sha256 -in client.pem' }],
    ),
});
