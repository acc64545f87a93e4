/**
 * Tokens for tests. Signed by hand with node:crypto so attack tests can put anything in a header or
 * payload, including raw JSON text (duplicate members) that no JWT library would produce.
 */
import { createHmac, type KeyObject, sign } from 'node:crypto';

export type Segment = Record<string, unknown> | string;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function encodeSegment(segment: Segment): string {
  return Buffer.from(typeof segment === 'string' ? segment : JSON.stringify(segment)).toString('base64url');
}

/** Claims of a fresh token valid for five minutes, plus `extra`. */
export function freshClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return { sub: 'orders-sync', iat: now, exp: now + 300, ...extra };
}

export function signingInput(header: Segment, payload: Segment): string {
  return `${encodeSegment(header)}.${encodeSegment(payload)}`;
}

export function signRs256(privateKey: KeyObject, payload: Segment, header: Segment = { alg: 'RS256', typ: 'JWT' }): string {
  const input = signingInput(header, payload);
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function signEs256(privateKey: KeyObject, payload: Segment, header: Segment = { alg: 'ES256', typ: 'JWT' }): string {
  const input = signingInput(header, payload);
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

export function signHs256(secret: string | Buffer, payload: Segment, header: Segment = { alg: 'HS256', typ: 'JWT' }): string {
  const input = signingInput(header, payload);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}
