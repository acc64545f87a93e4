/**
 * The truststore of a mutual-TLS domain: the CA certificates API Gateway accepts client certificates
 * from. The rules in stacks/model/rules/platform check it at synth (every entry a valid, in-date CA
 * certificate, no private key); it is also used to check that the certificates clients are bound to
 * will pass API Gateway's handshake at all.
 */
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface TruststoreFacts {
  readonly pem: string;
  readonly privateKey: boolean;
  readonly entries: readonly { readonly index: number; readonly block: string; readonly certificate?: X509Certificate }[];
}

export function truststoreFacts(pem: string): TruststoreFacts {
  const text = typeof pem === 'string' ? pem : '';
  const entries = (text.match(PEM_CERTIFICATE) ?? []).map((block, index) => {
    try {
      return { index, block, certificate: new X509Certificate(block) };
    } catch {
      return { index, block };
    }
  });
  return { pem: text, privateKey: /PRIVATE KEY/.test(text), entries };
}

/** The truststore's certificates that parse. */
export function truststoreAuthorities(facts: TruststoreFacts): X509Certificate[] {
  return facts.entries.flatMap((entry) => (entry.certificate ? [entry.certificate] : []));
}

/** Whether one of the truststore's CAs issued `certificate` (signature verified, not just names). */
export function issuedByTruststore(certificate: X509Certificate, authorities: readonly X509Certificate[]): boolean {
  return authorities.some((authority) => certificate.checkIssued(authority) && certificate.verify(authority.publicKey));
}
