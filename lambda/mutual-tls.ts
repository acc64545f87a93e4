/**
 * Mutual TLS, after API Gateway has verified the client certificate's chain against the truststore:
 * the authorizer binds the certificate to the client (its SHA-256 fingerprint or subject DN must be one
 * the client declared) and the token to the certificate (RFC 8705: a token whose `cnf` carries
 * `x5t#S256` is valid only with the certificate of that thumbprint, whichever client it belongs to).
 *
 * The certificate is read from its PEM with node:crypto's X509Certificate, not from the strings API
 * Gateway derived from it, and the parse is cached per certificate.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { attributesOfLegacyName, canonicalName } from '../record/certificates';
import type { MtlsRecord } from '../record/key-record';
import { quote, refuse } from './decision';
import type { JsonObject } from './strict-json';

/** What the request carries: API Gateway's `requestContext.identity.clientCert`, or the local gateway's. */
export interface ClientCertificate {
  readonly clientCertPem: string;
}

interface ParsedCertificate {
  readonly fingerprint: string;
  /** base64url SHA-256 of the DER: RFC 8705's `x5t#S256`. */
  readonly thumbprint: string;
  readonly subject: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

const parsedCertificates = new LRUCache<string, ParsedCertificate>({ max: 1_000 });

function parseCertificate(pem: string): ParsedCertificate | undefined {
  let parsed = parsedCertificates.get(pem);
  if (parsed) return parsed;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  const digest = createHash('sha256').update(certificate.raw).digest();
  parsed = {
    fingerprint: digest.toString('hex'),
    thumbprint: digest.toString('base64url'),
    // OpenSSL's own parse of the subject, in the canonical form records hold.
    subject: canonicalName(attributesOfLegacyName(certificate.toLegacyObject().subject as unknown as Record<string, string | string[]>)),
    notBeforeMs: Date.parse(certificate.validFrom),
    notAfterMs: Date.parse(certificate.validTo),
  };
  parsedCertificates.set(pem, parsed);
  return parsed;
}

function presented(certificate: ClientCertificate | undefined, nowMs: number): ParsedCertificate {
  if (!certificate?.clientCertPem) refuse('mtls_certificate_missing', 'no client certificate was presented');
  const parsed = parseCertificate(certificate.clientCertPem);
  if (!parsed) refuse('mtls_certificate_invalid', 'the presented client certificate does not parse');
  if (nowMs < parsed.notBeforeMs) refuse('mtls_certificate_expired', 'the client certificate is not valid yet');
  if (nowMs > parsed.notAfterMs) refuse('mtls_certificate_expired', `the client certificate expired ${new Date(parsed.notAfterMs).toISOString()}`);
  return parsed;
}

/** The token's certificate binding, if it has one. */
function boundThumbprint(payload: JsonObject): string | undefined {
  if (!Object.hasOwn(payload, 'cnf')) return undefined;
  const cnf = payload.cnf;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf) || !Object.hasOwn(cnf, 'x5t#S256')) return undefined;
  const value = (cnf as JsonObject)['x5t#S256'];
  if (typeof value !== 'string') refuse('mtls_token_binding_mismatch', `"cnf" "x5t#S256" is ${quote(value)}, not a thumbprint`);
  return value;
}

/**
 * Refuses tokens bound to a key we cannot check: a `cnf` with any member other than `x5t#S256` (RFC 8705)
 * names a proof-of-possession key (DPoP's `jkt` in RFC 9449, a `jwk`, a `jku`…) that only its holder can
 * use, so accepting it as a bearer token would let anyone who copied it act as the holder.
 */
export function checkTokenBinding(payload: JsonObject): void {
  if (!Object.hasOwn(payload, 'cnf')) return;
  const cnf = payload.cnf;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) refuse('token_binding_unsupported', `"cnf" is ${quote(cnf)}, not a confirmation object`);
  const members = Object.keys(cnf);
  const unsupported = members.filter((member) => member !== 'x5t#S256');
  if (unsupported.length > 0 || members.length === 0) {
    refuse('token_binding_unsupported', `the token is bound by "cnf" ${quote(unsupported.join(', ') || '{}')}, a proof of possession this API cannot check`);
  }
}

/** Whether the token carries a certificate binding that must be checked even without a client requirement. */
export function hasCertificateBinding(payload: JsonObject): boolean {
  return boundThumbprint(payload) !== undefined;
}

/**
 * Checks the client's certificate requirement (when `requirement` is set) and the token's binding (when
 * the token has one). Throws a Refusal (403) on any mismatch.
 */
export function checkMutualTls(requirement: MtlsRecord | undefined, certificate: ClientCertificate | undefined, payload: JsonObject, nowMs: number): void {
  const thumbprint = boundThumbprint(payload);
  if (!requirement && thumbprint === undefined) return;
  const parsed = presented(certificate, nowMs);
  if (requirement && !requirement.fingerprints.includes(parsed.fingerprint) && !requirement.subjects.includes(parsed.subject)) {
    refuse('mtls_certificate_not_bound', `certificate ${parsed.fingerprint.slice(0, 16)}… (subject ${parsed.subject}) is not one this client may present`);
  }
  if (thumbprint !== undefined && thumbprint !== parsed.thumbprint) {
    refuse('mtls_token_binding_mismatch', 'the token is bound to another certificate ("cnf" "x5t#S256")');
  }
}
