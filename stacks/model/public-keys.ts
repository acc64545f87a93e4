/**
 * RSA public keys as users paste them, normalised at synth time to the JWK members the key record
 * stores. Accepted: SPKI PEM (`BEGIN PUBLIC KEY`), PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`), an X.509
 * certificate PEM (an IdP's signing certificate, `openssl req -x509` output), an OpenSSH `ssh-rsa` line
 * (`ssh-keygen -t rsa`), and a JWK. Parsing is node:crypto's (PEM, JWK, certificates) and sshpk's
 * (OpenSSH); a PEM exactly as OpenSSL writes it takes a faster road to the same answer
 * (canonical-rsa-pem.ts). A private key pasted by mistake is refused without echoing it.
 */
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import sshpk from 'sshpk';
import type { RsaPublicKeyRecord } from '../../record/key-record';
import { MIN_RSA_BITS, rsaThumbprint } from '../../record/signing';
import { canonicalRsaPem } from './canonical-rsa-pem';

export type PublicKeyFormat = 'spki' | 'pkcs1' | 'x509' | 'ssh' | 'jwk';

export interface NormalisedPublicKey {
  readonly record: RsaPublicKeyRecord;
  readonly format: PublicKeyFormat;
  readonly bits: number;
  /** For certificates: when they stop being valid, and whose they are. */
  readonly certificate?: { readonly notAfter: Date; readonly subject: string };
  /** For certificates: the certificate itself (the certificate rules judge its validity). */
  readonly x509?: X509Certificate;
}

export type PublicKeyResult =
  | { readonly ok: true; readonly key: NormalisedPublicKey }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

const FORMATS_FIX =
  'paste a PEM public key (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY), an X.509 certificate (BEGIN CERTIFICATE), an "ssh-rsa AAAA..." line or an RSA JWK';

function fail(problem: string, fix = FORMATS_FIX): PublicKeyResult {
  return { ok: false, problem, fix };
}

function parse(text: string): { key: KeyObject; format: PublicKeyFormat; certificate?: X509Certificate; jwk?: { n: string; e: string } } | PublicKeyResult {
  const trimmed = text.trim();
  if (/PRIVATE KEY/.test(trimmed)) {
    return fail('is a PRIVATE key', 'never commit a private key: remove it from the repository and its history, rotate it, and paste the public key instead');
  }
  if (trimmed.startsWith('{')) {
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return fail('looks like a JWK but is not valid JSON');
    }
    if ('d' in jwk || 'p' in jwk) {
      return fail('is a PRIVATE JWK', 'never commit a private key: remove it, rotate it, and paste the public members (kty, n, e) only');
    }
    if (jwk.kty !== 'RSA') return fail(`is a JWK of type ${JSON.stringify(jwk.kty)}, not RSA`, 'RSA clients register RSA keys; use ClientAuth.oidc for providers with EC or OKP keys');
    try {
      return { key: createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as never, format: 'jwk' }), format: 'jwk' };
    } catch {
      return fail('is an RSA JWK whose "n" or "e" does not decode');
    }
  }
  if (/^ssh-[a-z0-9-]+ /.test(trimmed)) {
    if (!trimmed.startsWith('ssh-rsa ')) return fail(`is an OpenSSH ${trimmed.split(' ')[0]} key, not ssh-rsa`, 'generate the key pair with ssh-keygen -t rsa -b 3072');
    try {
      return { key: createPublicKey(sshpk.parseKey(trimmed, 'ssh').toString('pkcs8')), format: 'ssh' };
    } catch {
      return fail('is an ssh-rsa line that does not decode (truncated or edited?)');
    }
  }
  if (trimmed.includes('-----BEGIN CERTIFICATE-----')) {
    try {
      const certificate = new X509Certificate(trimmed);
      return { key: certificate.publicKey, format: 'x509', certificate };
    } catch {
      return fail('is a certificate PEM that does not decode');
    }
  }
  if (trimmed.includes('-----BEGIN RSA PUBLIC KEY-----') || trimmed.includes('-----BEGIN PUBLIC KEY-----')) {
    const canonical = canonicalRsaPem(trimmed);
    if (canonical) return { key: canonical.key, format: canonical.type, jwk: canonical.jwk };
    try {
      return { key: createPublicKey(trimmed), format: trimmed.includes('BEGIN RSA PUBLIC KEY') ? 'pkcs1' : 'spki' };
    } catch {
      return fail('is a public key PEM that does not decode');
    }
  }
  return fail('is not a public key in a recognised format');
}

/**
 * Normalised keys by their text: every environment (and the local run) declares the same client files,
 * so each key would otherwise be parsed once per environment; results are immutable.
 */
const normalised = new Map<string, PublicKeyResult>();

export function normalisePublicKey(text: string): PublicKeyResult {
  if (typeof text !== 'string' || text.trim() === '') return fail('is empty');
  let result = normalised.get(text);
  if (!result) {
    result = normaliseUncached(text);
    normalised.set(text, result);
  }
  return result;
}

function normaliseUncached(text: string): PublicKeyResult {
  const parsed = parse(text);
  if ('ok' in parsed) return parsed;
  const { key, format, certificate } = parsed;
  if (key.asymmetricKeyType !== 'rsa') {
    return fail(`is a ${key.asymmetricKeyType} key, not RSA`, 'RSA clients register RSA keys; use ClientAuth.oidc for providers with other key types');
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return fail(`is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`, 'generate a new key pair with at least 2048 bits (3072 recommended)');
  const jwk = parsed.jwk ?? (key.export({ format: 'jwk' }) as { n: string; e: string });
  const notAfter = certificate ? new Date(certificate.validTo) : undefined;
  return {
    ok: true,
    key: {
      record: { kty: 'RSA', n: jwk.n, e: jwk.e, thumbprint: rsaThumbprint(jwk.n, jwk.e), notAfter: notAfter?.toISOString().replace(/\.\d{3}Z$/, 'Z') },
      format,
      bits,
      certificate: certificate && notAfter ? { notAfter, subject: certificate.subject.replace(/\n/g, ', ') } : undefined,
      x509: certificate,
    },
  };
}
