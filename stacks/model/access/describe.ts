/**
 * Short descriptions of parts of the access model, shared by the listing and the diff. Values a reader
 * may want to copy (routes, names, thumbprints, references) are in backticks: the Markdown renderer
 * keeps them as code, the terminal renderer drops the backticks.
 */
import { countByFamily, familyCountsText, rangesFromHex } from './ip-space';
import type { AuthAccess, IpAccess, KeyAccess, PolicyAccess, RouteAccess } from './model';

export const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** `2027-12-31` for midnight UTC, else the instant. */
export function dateText(iso: string): string {
  return iso.endsWith('T00:00:00Z') ? iso.slice(0, 10) : iso;
}

export const METHOD_NAMES: Record<AuthAccess['method'], string> = { rsa: 'RSA (RS256)', hmac: 'HMAC (HS256)', oidc: 'OpenID Connect' };

/** The method and the identity of its key material, on one line. */
export function authText(auth: AuthAccess): string {
  switch (auth.method) {
    case 'rsa':
      return `${METHOD_NAMES.rsa}, ${auth.publicKeys.length} public key${auth.publicKeys.length === 1 ? '' : 's'}${auth.publicKeys.length > 0 ? `: ${auth.publicKeys.map((key) => code(key.thumbprint)).join(', ')}` : ''}`;
    case 'hmac':
      return `${METHOD_NAMES.hmac}, secret ${auth.secretRefs.map(code).join(', ') || 'none'}`;
    case 'oidc':
      return `${METHOD_NAMES.oidc}, issuer ${code(auth.issuer)}, ${auth.audienceChecked ? `audience ${auth.audiences.map(code).join(', ')}` : 'any audience (not checked)'}`;
  }
}

/** A policy's limits: `50 requests/s, burst 100, quota 1,000,000 per MONTH`. */
export function limitsText(policy: PolicyAccess | null): string {
  if (!policy) return 'no rate limit, no quota';
  const rate = policy.rateLimit ? `${policy.rateLimit.requestsPerSecond} request${policy.rateLimit.requestsPerSecond === 1 ? '' : 's'}/s, burst ${policy.rateLimit.burst}` : 'no rate limit';
  const quota = policy.quota ? `quota ${policy.quota.limit.toLocaleString('en-US')} per ${policy.quota.period}${policy.quota.offset ? ` (offset ${policy.quota.offset})` : ''}` : 'no quota';
  return `${rate}, ${quota}`;
}

export function policyText(policy: PolicyAccess | null): string {
  return policy ? `access policy ${code(policy.name)}: ${limitsText(policy)}` : `no access policy (${limitsText(policy)})`;
}

export function admittedText(ip: IpAccess): string {
  const counts = countByFamily(rangesFromHex(ip.admitted));
  if (!ip.anyAddress) return familyCountsText(counts);
  if (ip.blocked.length === 0) return 'any address';
  // The whole space is 2^32 IPv4 (mapped) and 2^128 - 2^32 IPv6 addresses.
  return `any address except ${familyCountsText({ ipv4: (1n << 32n) - counts.ipv4, ipv6: (1n << 128n) - (1n << 32n) - counts.ipv6 })}`;
}

export function expiryText(key: Pick<KeyAccess, 'notAfter'>): string {
  return key.notAfter === null ? 'never expires' : `expires ${dateText(key.notAfter)}`;
}

export function routeText(route: RouteAccess): string {
  const part = route.whole ? '' : ` (part of it: ${route.grants.map(code).join(', ')})`;
  return `${code(route.route)}${route.write ? ' (write)' : ''}${part}`;
}
