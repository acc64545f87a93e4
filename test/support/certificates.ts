/** Certificates for tests: the project's small certificate authority, with test defaults. */
export {
  type CertificateAuthority,
  type IssuedCertificate as TestCertificate,
  selfSignedCertificate,
} from '../../stacks/app/certificate-authority';
import { createCertificateAuthority } from '../../stacks/app/certificate-authority';

export function testCa(subject = 'CN=Gatehouse Test CA, O=Gatehouse Tests') {
  return createCertificateAuthority(subject);
}
