/**
 * Signing keys of OpenID Connect clients' identity providers, found through each provider's discovery
 * document and followed through rotations.
 *
 * - Discovery: `<issuer>/.well-known/openid-configuration`; its `issuer` must be the issuer the URL is
 *   built on (OpenID Connect Discovery §4.3), and its `jwks_uri` names the key set.
 * - Rotation: a token naming a `kid` the cached set lacks triggers one refetch, at most once per
 *   cooldown and shared by concurrent requests, so a new key works at its first token and a flood of
 *   made-up `kid`s costs one fetch per cooldown. The set is also refreshed on a timer, which is when keys
 *   the provider removed stop working.
 * - Stale-while-revalidate: a refresh due on the timer runs in the background, one at a time, while
 *   the cached documents keep serving; no request waits for the provider while usable keys are cached.
 * - Outages: every fetch has a timeout and a size cap; while the provider is down the last good
 *   documents keep serving for a bounded time; with nothing cached, decisions fail closed (500). A
 *   `kid` the cached set lacks while the provider cannot be reached is also a 500
 *   (`identity_provider_unavailable`): the token may well be genuine, signed with a key we could not
 *   fetch, so it is not told that its token is bad.
 *
 * Keys are imported by jose and verified by node:crypto (see algorithms.ts). Providers' keys may be RSA
 * (RS*, PS*), EC (ES*) or OKP (EdDSA); symmetric keys and `none` are never used.
 */
import { KeyObject, type webcrypto } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import type { OidcSettings } from '../../record/authorizer-settings';
import { DISCOVERY_SUFFIX, isAcceptableProviderUrl } from '../../record/identity-providers';
import type { OidcAuthRecord } from '../../record/key-record';
import { quote, refuse } from '../decision';
import type { DecodedJws } from '../jws';
import { RefreshingCache } from '../refreshing-cache';
import { algorithmFitsKey, asymmetricAlgorithm, verifyAsymmetric } from './algorithms';

export interface OidcOptions extends OidcSettings {
  readonly now?: () => number;
}

/** A provider publishing more keys than this is misbehaving; the rest are ignored. */
const MAX_KEYS = 100;

export class ProviderDocumentError extends Error {
  override readonly name = 'ProviderDocumentError';
}

/** GETs a JSON object with a deadline and a size cap, reading the body in chunks so a huge one is cut off early. */
export async function fetchJsonDocument(url: string, maxBytes: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderDocumentError(`${url} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ProviderDocumentError(`${url} declares ${declared} bytes, limit ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ProviderDocumentError(`${url} sent more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ProviderDocumentError(`${url} did not send JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProviderDocumentError(`${url} did not send a JSON object`);
  return parsed as Record<string, unknown>;
}

interface Discovery {
  readonly issuer: string;
  readonly jwksUri: string;
}

interface ProviderKey {
  readonly key: KeyObject;
  /** The JWK's `alg`, when the provider pins one. */
  readonly alg: string | undefined;
}

interface KeySet {
  readonly byKid: ReadonlyMap<string, ProviderKey>;
  readonly all: readonly ProviderKey[];
}

/** An algorithm to import a JWK without `alg` under; verification later uses node:crypto with the token's alg. */
function importAlgorithm(jwk: JWK): string | undefined {
  if (typeof jwk.alg === 'string') return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[jwk.crv ?? ''];
  if (jwk.kty === 'OKP') return 'EdDSA';
  return undefined;
}

async function buildKeySet(document: Record<string, unknown>, uri: string): Promise<KeySet> {
  if (!Array.isArray(document.keys)) throw new ProviderDocumentError(`${uri} has no "keys" array`);
  const byKid = new Map<string, ProviderKey>();
  const all: ProviderKey[] = [];
  for (const candidate of document.keys.slice(0, MAX_KEYS) as unknown[]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const jwk = candidate as JWK;
    if ('d' in jwk || (jwk.use !== undefined && jwk.use !== 'sig')) continue; // private or encryption keys
    if (jwk.alg !== undefined && !asymmetricAlgorithm(jwk.alg)) continue; // HS*, none, unknown
    const alg = importAlgorithm(jwk);
    if (!alg) continue;
    let key: KeyObject;
    try {
      key = KeyObject.from((await importJWK(jwk, alg)) as webcrypto.CryptoKey);
    } catch {
      continue; // one broken key must not take the provider's other keys down with it
    }
    if (key.type !== 'public') continue;
    const entry = { key, alg: jwk.alg };
    all.push(entry);
    if (typeof jwk.kid === 'string') byKid.set(jwk.kid, entry);
  }
  if (all.length === 0) throw new ProviderDocumentError(`${uri} holds no usable signing keys`);
  return { byKid, all };
}

export class OidcKeys {
  /** Fetches started, by kind, and fetches failed, for the decision metrics, tests and the benchmark. */
  readonly fetches = { discovery: 0, jwks: 0, failures: 0 };
  private readonly discovery: RefreshingCache<string, Discovery>;
  private readonly keySets: RefreshingCache<string, KeySet>;

  constructor(private readonly options: OidcOptions) {
    const cacheOptions = { maxStaleMs: options.maxStaleMs, retryAfterMs: options.retryAfterMs, maxEntries: 500, now: options.now };
    this.discovery = new RefreshingCache((url) => this.counted(this.fetchDiscovery(url)), { ...cacheOptions, freshMs: options.discoveryRefreshMs });
    this.keySets = new RefreshingCache((uri) => this.counted(this.fetchKeySet(uri)), { ...cacheOptions, freshMs: options.jwksRefreshMs });
  }

  /** Resolves once the fetches running now, background refreshes included, have ended; for tests and benchmarks. */
  async settled(): Promise<void> {
    await Promise.all([this.discovery.settled(), this.keySets.settled()]);
  }

  private async counted<T>(fetching: Promise<T>): Promise<T> {
    try {
      return await fetching;
    } catch (error) {
      this.fetches.failures++;
      throw error;
    }
  }

  private async fetchDiscovery(url: string): Promise<Discovery> {
    this.fetches.discovery++;
    if (!isAcceptableProviderUrl(url) || !url.endsWith(DISCOVERY_SUFFIX)) {
      throw new ProviderDocumentError(`${url} is not an https discovery URL`);
    }
    const document = await fetchJsonDocument(url, this.options.discoveryMaxBytes, this.options.fetchTimeoutMs);
    const { issuer, jwks_uri: jwksUri } = document;
    if (typeof issuer !== 'string' || `${issuer.replace(/\/$/, '')}${DISCOVERY_SUFFIX}` !== url) {
      throw new ProviderDocumentError(`${url} names issuer ${quote(issuer)}, which is not the issuer its URL is built on`);
    }
    if (typeof jwksUri !== 'string' || !isAcceptableProviderUrl(jwksUri)) {
      throw new ProviderDocumentError(`${url} has no acceptable https "jwks_uri"`);
    }
    return { issuer, jwksUri };
  }

  private async fetchKeySet(uri: string): Promise<KeySet> {
    this.fetches.jwks++;
    return buildKeySet(await fetchJsonDocument(uri, this.options.jwksMaxBytes, this.options.fetchTimeoutMs), uri);
  }

  private async provider(discoveryUrl: string): Promise<Discovery> {
    try {
      return this.discovery.current(discoveryUrl) ?? (await this.discovery.get(discoveryUrl));
    } catch (error) {
      refuse('identity_provider_unavailable', `discovery ${discoveryUrl}: ${(error as Error).message}`);
    }
  }

  private async keySet(jwksUri: string, cooldownMs?: number): Promise<KeySet> {
    try {
      if (cooldownMs !== undefined) return await this.keySets.refresh(jwksUri, cooldownMs);
      return this.keySets.current(jwksUri) ?? (await this.keySets.get(jwksUri));
    } catch (error) {
      refuse('identity_provider_unavailable', `key set ${jwksUri}: ${(error as Error).message}`);
    }
  }

  /** Verifies an OIDC client's token: issuer, provider key, algorithm, signature, audience. Throws a Refusal. */
  async verify(auth: OidcAuthRecord, jws: DecodedJws): Promise<void> {
    if (!asymmetricAlgorithm(jws.alg)) refuse('token_alg_not_allowed', `"alg" ${quote(jws.alg)} is not an asymmetric algorithm`);
    const provider = await this.provider(auth.discoveryUrl);
    if (jws.payload.iss !== provider.issuer) {
      refuse('issuer_mismatch', `"iss" ${quote(jws.payload.iss)} is not ${provider.issuer}`, { field: 'iss', actual: typeof jws.payload.iss === 'string' ? jws.payload.iss : null, expected: provider.issuer });
    }

    const kid = jws.header.kid;
    if (kid !== undefined && typeof kid !== 'string') refuse('token_malformed', '"kid" is not a string');
    const select = (set: KeySet) => (kid === undefined ? (set.all.length === 1 ? set.all[0] : undefined) : set.byKid.get(kid));
    let chosen = select(await this.keySet(provider.jwksUri));
    if (!chosen) chosen = select(await this.keySet(provider.jwksUri, this.options.unknownKidCooldownMs));
    if (!chosen) {
      const which = kid === undefined ? 'for a token without "kid"' : quote(kid);
      if (this.keySets.failing(provider.jwksUri)) {
        refuse('identity_provider_unavailable', `key set ${provider.jwksUri} cannot be fetched to look for a key ${which}; the cached set has none`);
      }
      refuse('signing_key_unknown', `the provider publishes no key ${which}`);
    }

    if ((chosen.alg !== undefined && chosen.alg !== jws.alg) || !algorithmFitsKey(jws.alg, chosen.key)) {
      refuse('token_alg_not_allowed', `"alg" ${quote(jws.alg)} does not fit the provider's key ${quote(kid)}`);
    }
    if (!verifyAsymmetric(jws.alg, chosen.key, jws.signingInput, jws.signature)) {
      refuse('signature_invalid', `signature does not verify with the provider's key ${quote(kid)}`);
    }

    if (auth.audiences.length > 0) {
      const aud = jws.payload.aud;
      const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
      if (!audiences.some((value) => typeof value === 'string' && auth.audiences.includes(value))) {
        refuse('audience_mismatch', `"aud" ${quote(aud)} is not one of ${auth.audiences.join(', ')}`, { field: 'aud', actual: typeof aud === 'string' ? aud : JSON.stringify(aud ?? null), expected: auth.audiences });
      }
    }
  }
}
