/**
 * The truststore of a mutual-TLS domain: the CA certificates API Gateway accepts client certificates
 * from. Checked at synth (every entry a valid, in-date CA certificate, no private key), and used to check
 * that the certificates clients are bound to will pass API Gateway's handshake at all.
 */
import { X509Certificate } from 'node:crypto';
import { error, type Problem, warning } from './problems';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const DAY_MS = 86_400_000;
export const CERTIFICATE_WARNING_DAYS = 30;

export interface TruststoreCheck {
  readonly problems: Problem[];
  readonly authorities: X509Certificate[];
}

/** Problems with a certificate's validity period, as seen at `now`. */
export function validityProblems(field: string, certificate: X509Certificate, now: Date, renewal: string): Problem[] {
  const notAfter = new Date(certificate.validTo);
  const daysLeft = (notAfter.getTime() - now.getTime()) / DAY_MS;
  const subject = certificate.subject.replace(/\n/g, ', ');
  if (daysLeft <= 0) return [error(field, subject, `is a certificate that expired on ${notAfter.toISOString()}`, renewal)];
  if (new Date(certificate.validFrom).getTime() > now.getTime()) return [error(field, subject, `is a certificate not valid before ${new Date(certificate.validFrom).toISOString()}`, renewal)];
  if (daysLeft <= CERTIFICATE_WARNING_DAYS) return [warning(field, subject, `is a certificate that expires in ${Math.ceil(daysLeft)} days (${notAfter.toISOString()})`, renewal)];
  return [];
}

export function checkTruststore(pem: string, now: Date): TruststoreCheck {
  if (/PRIVATE KEY/.test(pem)) {
    return { problems: [error('mutualTls.truststorePem', pem, 'holds a PRIVATE key', 'a truststore holds CA certificates only: remove the key from the repository and rotate it')], authorities: [] };
  }
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    return { problems: [error('mutualTls.truststorePem', pem, 'holds no PEM certificate', 'concatenate the PEM certificates of the CAs (and intermediates) that issue your clients\' certificates')], authorities: [] };
  }
  const problems: Problem[] = [];
  const authorities: X509Certificate[] = [];
  blocks.forEach((block, index) => {
    const field = `mutualTls.truststorePem[${index}]`;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      return void problems.push(error(field, block, 'does not decode as a certificate', 'paste the CA certificate exactly as its PEM file holds it'));
    }
    if (!certificate.ca) {
      problems.push(error(field, certificate.subject.replace(/\n/g, ', '), 'is not a CA certificate, so no client certificate can chain to it', 'put the issuing CA\'s certificate in the truststore, not a client\'s'));
    }
    problems.push(...validityProblems(field, certificate, now, 'add the CA\'s renewed certificate to the truststore'));
    authorities.push(certificate);
  });
  return { problems, authorities };
}

/** Whether one of the truststore's CAs issued `certificate` (signature verified, not just names). */
export function issuedByTruststore(certificate: X509Certificate, authorities: readonly X509Certificate[]): boolean {
  return authorities.some((authority) => certificate.checkIssued(authority) && certificate.verify(authority.publicKey));
}
