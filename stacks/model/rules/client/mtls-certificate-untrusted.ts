/** client/mtls-certificate-untrusted (error): A bound certificate not issued by the platform's truststore, which API Gateway refuses at the handshake. */
import type { ClientOnPlatform } from '../context';
import { defineRule } from '../rule';
import { issuedByTruststore } from '../../truststore';
import { subjectOf } from '../context';

export const mtlsCertificateUntrusted = defineRule<ClientOnPlatform>({
  code: 'client/mtls-certificate-untrusted',
  severity: 'error',
  summary: 'A bound certificate not issued by the platform\'s truststore, which API Gateway refuses at the handshake',
  check: ({ client, platform }) => {
    const truststore = platform.truststore;
    if (!truststore) return [];
    return client.mtlsCertificates
      .filter((certificate) => !issuedByTruststore(certificate, truststore))
      .map((certificate) => ({
        field: 'mtls.certificates',
        value: subjectOf(certificate),
        message: `is issued by ${certificate.issuer.replace(/\n/g, ', ')}, which is not in the platform's truststore, so API Gateway refuses it at the handshake`,
        fix: 'bind a certificate issued by a truststore CA, or add its CA to the truststore',
      }));
  },
});
