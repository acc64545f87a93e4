/**
 * The identity of a client's key material, for reviewers: which RSA keys (JWK thumbprints), which
 * certificates (subject, expiry, fingerprint), which secret (its Secrets Manager reference, never its
 * value), which identity provider (issuer and audiences). Nothing here is secret.
 */
import type { X509Certificate } from 'node:crypto';
import type { ClientDefinition } from '../api-client';
import { HmacClientAuth, OidcClientAuth, RsaClientAuth } from '../client-auth';
import type { AuthAccess, CertificateAccess, MtlsAccess } from './model';

/** OpenID Connect Discovery 1.0 §4: the configuration lives at the issuer plus this path. */
const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

export function certificateAccessOf(certificate: X509Certificate): CertificateAccess {
  return {
    subject: certificate.subject.replace(/\n/g, ', '),
    notAfter: new Date(certificate.validTo).toISOString().replace(/\.000Z$/, 'Z'),
    fingerprint: certificate.fingerprint256,
  };
}

export function authAccessOf(client: ClientDefinition): AuthAccess {
  const auth = client.settings.auth;
  if (auth instanceof RsaClientAuth) {
    return {
      method: 'rsa',
      publicKeys: auth.keys.flatMap((fact) =>
        fact.result.ok
          ? [{ thumbprint: fact.result.key.record.thumbprint, bits: fact.result.key.bits, format: fact.result.key.format, certificate: fact.result.key.x509 && certificateAccessOf(fact.result.key.x509) }]
          : [],
      ),
    };
  }
  if (auth instanceof HmacClientAuth) return { method: 'hmac', secretRefs: (Array.isArray(auth.props.secrets) ? auth.props.secrets : []).map((secret) => secret.ref) };
  if (auth instanceof OidcClientAuth) {
    const discoveryUrl = String(auth.props.discoveryUrl);
    const issuer = discoveryUrl.endsWith(DISCOVERY_SUFFIX) ? discoveryUrl.slice(0, -DISCOVERY_SUFFIX.length) : discoveryUrl;
    return { method: 'oidc', discoveryUrl, issuer, audiences: auth.audiences, audienceChecked: auth.props.audience !== null };
  }
  throw new Error(`client "${client.name}": unknown auth method`);
}

export function mtlsAccessOf(client: ClientDefinition): MtlsAccess | undefined {
  const facts = client.mtls;
  if (!facts) return undefined;
  return {
    certificates: client.mtlsCertificates.map(certificateAccessOf),
    fingerprints: facts.fingerprints.flatMap((fact) => (fact.normalised ? [fact.normalised] : [])),
    subjects: facts.subjects.flatMap((fact) => (fact.canonical ? [fact.canonical] : [])),
  };
}
