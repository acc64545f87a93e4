/**
 * Signs a JWT the way a client would: RS256 with the client's private key or HS256 with its shared
 * secret (its exact UTF-8 text, as jwt.io uses it), with the API key where the client puts it. Signing is
 * jose's, loaded when a token is signed so that the CLI's other commands start without it.
 */
import { createHash, createSecretKey, type KeyObject, randomUUID, X509Certificate } from 'node:crypto';
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
  readonly signer: { readonly rsaPrivateKey: KeyObject } | { readonly hmacSecret: string };
  /** Binds the token to this client certificate (RFC 8705 `cnf` `x5t#S256`). */
  readonly boundCertificatePem?: string;
}

export async function signClientToken(request: TokenRequest): Promise<string> {
  const { SignJWT } = await import('jose');
  const preset = KEY_CLAIM_PRESETS[request.preset];
  const claims: Record<string, unknown> = {};
  if (request.boundCertificatePem) {
    claims.cnf = { 'x5t#S256': createHash('sha256').update(new X509Certificate(request.boundCertificatePem).raw).digest('base64url') };
  }
  let subject = request.subject;
  if (request.placement === 'namespaced') claims[preset.namespacedClaim] = request.apiKey;
  if (request.placement === 'short') claims[preset.shortClaim] = request.apiKey;
  if (request.placement === 'sub') subject = request.apiKey;
  const rsa = 'rsaPrivateKey' in request.signer;
  const header: { alg: string; typ: string; kid?: string } = { alg: rsa ? 'RS256' : 'HS256', typ: 'JWT' };
  if (request.placement === 'kid') header.kid = request.apiKey;
  let jwt = new SignJWT(claims).setProtectedHeader(header).setIssuedAt().setExpirationTime(`${request.lifetimeSeconds}s`).setJti(randomUUID());
  if (subject !== undefined) jwt = jwt.setSubject(subject);
  const key = 'rsaPrivateKey' in request.signer ? request.signer.rsaPrivateKey : createSecretKey(Buffer.from(request.signer.hmacSecret, 'utf8'));
  return jwt.sign(key);
}
