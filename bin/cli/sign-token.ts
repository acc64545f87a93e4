/**
 * Signs a JWT the way a client would: RS256 with the client's private key or HS256 with its shared
 * secret, with the API key where the client puts it. Signing is jose's.
 */
import { createHash, createPrivateKey, createSecretKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { KEY_CLAIM_PRESETS, type KeyClaimPreset } from '../../record/key-claims';

/** Where the API key goes: the namespaced claim, the short claim, the header `kid` or `sub`. */
export const KEY_PLACEMENTS = ['namespaced', 'short', 'kid', 'sub'] as const;
export type KeyPlacement = (typeof KEY_PLACEMENTS)[number];

export interface TokenRequest {
  readonly apiKey: string;
  readonly placement: KeyPlacement;
  readonly preset: KeyClaimPreset;
  readonly lifetimeSeconds: number;
  readonly subject?: string;
  readonly signer: { readonly rsaPrivateKeyPem: string } | { readonly hmacSecret: string };
  /** Binds the token to this client certificate (RFC 8705 `cnf` `x5t#S256`). */
  readonly boundCertificatePem?: string;
}

export async function signClientToken(request: TokenRequest): Promise<string> {
  const preset = KEY_CLAIM_PRESETS[request.preset];
  const claims: Record<string, unknown> = {};
  if (request.boundCertificatePem) {
    claims.cnf = { 'x5t#S256': createHash('sha256').update(new X509Certificate(request.boundCertificatePem).raw).digest('base64url') };
  }
  let subject = request.subject;
  if (request.placement === 'namespaced') claims[preset.namespacedClaim] = request.apiKey;
  if (request.placement === 'short') claims[preset.shortClaim] = request.apiKey;
  if (request.placement === 'sub') subject = request.apiKey;
  const rsa = 'rsaPrivateKeyPem' in request.signer;
  const header: { alg: string; typ: string; kid?: string } = { alg: rsa ? 'RS256' : 'HS256', typ: 'JWT' };
  if (request.placement === 'kid') header.kid = request.apiKey;
  let jwt = new SignJWT(claims).setProtectedHeader(header).setIssuedAt().setExpirationTime(`${request.lifetimeSeconds}s`).setJti(randomUUID());
  if (subject !== undefined) jwt = jwt.setSubject(subject);
  const key = 'rsaPrivateKeyPem' in request.signer ? createPrivateKey(request.signer.rsaPrivateKeyPem) : createSecretKey(Buffer.from(request.signer.hmacSecret, 'utf8'));
  return jwt.sign(key);
}
