/**
 * Step 5: verify the token's signature with the client's method. The method fixes the algorithm: a
 * token's `alg` that differs is refused before any key is used, which closes algorithm confusion
 * (an HS256 token MACed with an RSA client's public key, `none`, ES256 against an RSA key…).
 *
 * RSA and cached-HMAC verification are synchronous; only a first secret load or an OIDC key fetch awaits.
 */
import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { HmacAuthRecord } from '../../record/key-record';
import { quote, refuse } from '../decision';
import type { DecodedJws } from '../jws';
import type { PreparedRecord } from '../prepared-record';
import { verifyAsymmetric } from './algorithms';
import type { HmacSecrets } from './hmac-secrets';
import type { OidcKeys } from './oidc-keys';

const HS256_BYTES = 32;

function verifyRsa(prepared: PreparedRecord, jws: DecodedJws, nowMs: number): void {
  if (jws.alg !== 'RS256') refuse('token_alg_not_allowed', `"alg" ${quote(jws.alg)}: this client signs with RS256`, { field: 'alg', actual: jws.alg, expected: 'RS256' });
  for (const { key, notAfterMs } of prepared.rsaKeys) {
    if (notAfterMs > nowMs && verifyAsymmetric('RS256', key, jws.signingInput, jws.signature)) return;
  }
  // Only on failure: tell an expired certificate apart from a wrong key, for the operator.
  const expired = prepared.rsaKeys.find(({ key, notAfterMs }) => notAfterMs <= nowMs && verifyAsymmetric('RS256', key, jws.signingInput, jws.signature));
  if (expired) refuse('public_key_expired', `signed with public key ${expired.thumbprint}, whose certificate has expired`);
  refuse('signature_invalid', `signature does not verify with the client's ${prepared.rsaKeys.length} registered public key(s)`);
}

function macMatches(key: KeyObject, jws: DecodedJws): boolean {
  return timingSafeEqual(createHmac('sha256', key).update(jws.signingInput).digest(), jws.signature);
}

/** Tries each secret in turn (several during a rotation); awaits only a secret not yet loaded. */
function verifyHmac(auth: HmacAuthRecord, jws: DecodedJws, secrets: HmacSecrets, from = 0): void | Promise<void> {
  for (let i = from; i < auth.secretRefs.length; i++) {
    const key = secrets.get(auth.secretRefs[i] as string);
    if (key instanceof Promise) {
      return key.then(
        (loaded) => (macMatches(loaded, jws) ? undefined : verifyHmac(auth, jws, secrets, i + 1)),
        (error: Error) => refuse('secret_unavailable', error.message),
      );
    }
    if (macMatches(key, jws)) return;
  }
  // Only on failure: a secret stored with a stray newline is the usual cause, and the operator's fix.
  const notes = auth.secretRefs.map((ref) => secrets.whitespaceNote(ref)).filter((note) => note !== undefined);
  refuse('signature_invalid', [`signature does not verify with the client's ${auth.secretRefs.length} shared secret(s)`, ...notes].join('; '));
}

export class SignatureVerifier {
  constructor(
    private readonly secrets: HmacSecrets,
    private readonly oidc: OidcKeys,
  ) {}

  /** Throws a Refusal unless the signature is the client's; returns a promise only when it must wait. */
  verify(prepared: PreparedRecord, jws: DecodedJws, nowMs: number): void | Promise<void> {
    const auth = prepared.record.client.auth;
    switch (auth.method) {
      case 'rsa':
        return verifyRsa(prepared, jws, nowMs);
      case 'hmac':
        if (jws.alg !== 'HS256') refuse('token_alg_not_allowed', `"alg" ${quote(jws.alg)}: this client signs with HS256`, { field: 'alg', actual: jws.alg, expected: 'HS256' });
        if (jws.signature.length !== HS256_BYTES) refuse('signature_invalid', 'signature is not an HS256 MAC');
        return verifyHmac(auth, jws, this.secrets);
      case 'oidc':
        return this.oidc.verify(auth, jws);
    }
  }
}
