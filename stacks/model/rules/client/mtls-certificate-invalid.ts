/** client/mtls-certificate-invalid (error): A bound certificate that is a private key or does not decode. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const mtlsCertificateInvalid = defineRule<ClientDefinition>({
  code: 'client/mtls-certificate-invalid',
  severity: 'error',
  summary: 'A bound certificate that is a private key or does not decode',
  check: ({ mtls }) =>
    (mtls?.certificates ?? []).flatMap((fact) => {
      const field = `mtls.certificates[${fact.index}]`;
      if (fact.privateKey) return [{ field, value: fact.pem, message: 'is a PRIVATE key', fix: "bind the client's certificate, never its key: remove the key from the repository and rotate it" }];
      if (!fact.certificate) return [{ field, value: fact.pem, message: 'does not decode as a certificate', fix: "paste the client certificate's PEM as it is" }];
      return [];
    }),
});
