/** Key material for tests, generated per process (never committed). */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { RsaPublicKeyRecord } from '../../record/key-record';

export interface TestKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function rsaKeyPair(modulusLength = 2048): TestKeyPair {
  return generateKeyPairSync('rsa', { modulusLength });
}

export function ecKeyPair(namedCurve: 'P-256' | 'P-384' = 'P-256'): TestKeyPair {
  return generateKeyPairSync('ec', { namedCurve });
}

/** A public key as the record stores it (what the stacks write after normalising a pasted key). */
export async function rsaKeyRecord(publicKey: KeyObject, notAfter?: string): Promise<RsaPublicKeyRecord> {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string, thumbprint: await calculateJwkThumbprint(jwk), notAfter };
}

/** A 32-byte shared secret, base64 like `openssl rand -base64 32` prints it. */
export function hmacSecret(): string {
  return randomBytes(32).toString('base64');
}
