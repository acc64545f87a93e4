/**
 * JWS algorithms as node:crypto verifies them. The hot path verifies with node:crypto directly on key
 * objects that jose imported: jose's own verify re-parses the token and goes through WebCrypto's async
 * API, which costs more than the signature itself on a warm path (see docs/performance.md).
 *
 * Which algorithm applies is never the token's choice: RSA clients verify RS256, HMAC clients HS256, and
 * OIDC clients the asymmetric algorithm of the provider's key the token names.
 */
import { constants, type KeyObject, verify } from 'node:crypto';
import { MIN_RSA_BITS } from '../../record/signing';

interface AsymmetricAlgorithm {
  /** Digest for node:crypto; null for EdDSA, which hashes internally. */
  readonly digest: string | null;
  readonly keyType: 'rsa' | 'ec' | 'okp';
  /** For EC and OKP keys: the curves (node:crypto's names) this algorithm is defined on. */
  readonly curves?: readonly string[];
  readonly pss?: { readonly saltLength: number };
}

/** Asymmetric algorithms an identity provider's keys may use. `none` and HS* are absent on purpose. */
export const ASYMMETRIC_ALGORITHMS: Readonly<Record<string, AsymmetricAlgorithm>> = {
  RS256: { digest: 'sha256', keyType: 'rsa' },
  RS384: { digest: 'sha384', keyType: 'rsa' },
  RS512: { digest: 'sha512', keyType: 'rsa' },
  PS256: { digest: 'sha256', keyType: 'rsa', pss: { saltLength: 32 } },
  PS384: { digest: 'sha384', keyType: 'rsa', pss: { saltLength: 48 } },
  PS512: { digest: 'sha512', keyType: 'rsa', pss: { saltLength: 64 } },
  ES256: { digest: 'sha256', keyType: 'ec', curves: ['prime256v1'] },
  ES384: { digest: 'sha384', keyType: 'ec', curves: ['secp384r1'] },
  ES512: { digest: 'sha512', keyType: 'ec', curves: ['secp521r1'] },
  EdDSA: { digest: null, keyType: 'okp', curves: ['ed25519', 'ed448'] },
  Ed25519: { digest: null, keyType: 'okp', curves: ['ed25519'] },
};

/** The algorithm's definition, for own entries only: `toString` or `__proto__` are not algorithms. */
export function asymmetricAlgorithm(alg: string): AsymmetricAlgorithm | undefined {
  return Object.hasOwn(ASYMMETRIC_ALGORITHMS, alg) ? ASYMMETRIC_ALGORITHMS[alg] : undefined;
}

/** The key types node:crypto reports that belong to each family. */
function keyFamily(key: KeyObject): 'rsa' | 'ec' | 'okp' | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return 'rsa';
    case 'ec':
      return 'ec';
    case 'ed25519':
    case 'ed448':
      return 'okp';
    default:
      return undefined;
  }
}

function curveOf(key: KeyObject): string | undefined {
  return key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : key.asymmetricKeyType;
}

/** Whether `alg` may be verified with `key` at all: right family, curve and strength. */
export function algorithmFitsKey(alg: string, key: KeyObject): boolean {
  const spec = asymmetricAlgorithm(alg);
  if (!spec || key.type !== 'public' || keyFamily(key) !== spec.keyType) return false;
  if (spec.keyType === 'rsa') return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  return spec.curves?.includes(curveOf(key) ?? '') ?? false;
}

/** Verifies a JWS signature. Call only after algorithmFitsKey; a malformed signature is simply false. */
export function verifyAsymmetric(alg: string, key: KeyObject, signingInput: Buffer, signature: Buffer): boolean {
  const spec = asymmetricAlgorithm(alg);
  if (!spec) return false;
  try {
    if (spec.pss) {
      return verify(spec.digest, signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss.saltLength }, signature);
    }
    if (spec.keyType === 'ec') return verify(spec.digest, signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature);
    return verify(spec.digest, signingInput, key, signature);
  } catch {
    return false;
  }
}
