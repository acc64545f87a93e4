/**
 * Strength rules for signing material, shared by synth (which refuses weak material in client files)
 * and the authorizer (which refuses it in records and from identity providers).
 */
import { createHash } from 'node:crypto';

/** Smallest RSA modulus accepted, for registered public keys and providers' keys alike. */
export const MIN_RSA_BITS = 2048;

/** Shortest shared secret accepted: 32 bytes, the HS256 key size RFC 7518 §3.2 requires. */
export const MIN_HMAC_SECRET_BYTES = 32;

/** RFC 7638 thumbprint of an RSA key: SHA-256 of its required members in lexical order. */
export function rsaThumbprint(n: string, e: string): string {
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
}
