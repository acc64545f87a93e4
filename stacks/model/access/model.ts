/**
 * The access model: what every client may effectively do, per environment, as plain JSON. `gatehouse
 * access` prints it; `gatehouse access diff` builds it at two commits and compares (diff.ts). It holds
 * identities of key material (thumbprints, fingerprints, secret references), never key material or
 * secrets, and address counts as decimal strings (IPv6 counts do not fit a JSON number).
 */

/** Bumped when a field changes meaning; a diff refuses models of another version. */
export const ACCESS_MODEL_VERSION = 1;

export interface AccessModel {
  readonly version: typeof ACCESS_MODEL_VERSION;
  /** The instant statuses (expired keys, certificates) were judged at. */
  readonly at: string;
  readonly environments: readonly EnvironmentAccess[];
}

export interface EnvironmentAccess {
  readonly name: string;
  /** The protected API's routes, as `METHOD /path`. */
  readonly apiRoutes: readonly string[];
  readonly clients: readonly ClientAccess[];
}

export interface ClientAccess {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  /** The client file that declares it, relative to the project (`stacks/clients/acme.ts`). */
  readonly file?: string;
  readonly enabled: boolean;
  /** False when a synth check found an error in the client (run `gatehouse validate`). */
  readonly valid: boolean;
  readonly auth: AuthAccess;
  readonly tokens: { readonly requireExpiry: boolean; readonly maxLifetimeSeconds: number | null };
  /** Mutual TLS: the certificates the client must present; absent when none is required. */
  readonly mtls?: MtlsAccess;
  readonly collections: readonly string[];
  readonly routes: RoutesAccess;
  readonly policy: PolicyAccess | null;
  readonly keys: readonly KeyAccess[];
}

export type AuthAccess =
  | { readonly method: 'rsa'; readonly publicKeys: readonly PublicKeyAccess[] }
  | { readonly method: 'hmac'; readonly secretRefs: readonly string[] }
  | { readonly method: 'oidc'; readonly discoveryUrl: string; readonly issuer: string; readonly audiences: readonly string[]; readonly audienceChecked: boolean };

export interface PublicKeyAccess {
  /** RFC 7638 JWK thumbprint (SHA-256, base64url): the key's identity in the record and in logs. */
  readonly thumbprint: string;
  readonly bits: number;
  /** How it was pasted: spki, pkcs1, x509, ssh or jwk. */
  readonly format: string;
  readonly certificate?: CertificateAccess;
}

export interface CertificateAccess {
  readonly subject: string;
  readonly notAfter: string;
  /** SHA-256 of the DER certificate, hex with colons (as `openssl x509 -fingerprint -sha256` prints it). */
  readonly fingerprint: string;
}

export interface MtlsAccess {
  readonly certificates: readonly CertificateAccess[];
  /** Bound fingerprints declared without a certificate, hex. */
  readonly fingerprints: readonly string[];
  readonly subjects: readonly string[];
}

export type RoutesAccess =
  | {
      readonly compiled: true;
      readonly routes: readonly RouteAccess[];
      /** Grants that reach no route of the API. */
      readonly unusedGrants: readonly string[];
    }
  | { readonly compiled: false; readonly problem: string };

export interface RouteAccess {
  /** The API route, one method: `GET /orders/{id}` (an `ANY` route appears once per method granted). */
  readonly route: string;
  readonly method: string;
  /** Changes state: every method but GET, HEAD and OPTIONS. */
  readonly write: boolean;
  /** False when the grants reach only part of the route (`GET /orders/42` of `GET /orders/{id}`). */
  readonly whole: boolean;
  /** The granted routes (from the client's collections) that reach it. */
  readonly grants: readonly string[];
}

export interface PolicyAccess {
  readonly name: string;
  readonly rateLimit: { readonly requestsPerSecond: number; readonly burst: number } | null;
  readonly quota: { readonly limit: number; readonly period: string; readonly offset: number } | null;
}

export type KeyStatus = 'active' | 'disabled' | 'expired' | 'client-disabled';

export interface KeyAccess {
  readonly name: string;
  readonly description?: string;
  /** `sha256:<hex>` of the key's token (the hash the repository holds, never the token). */
  readonly tokenHash?: string;
  readonly enabled: boolean;
  /** ISO instant after which the key stops working; null when it never expires. */
  readonly notAfter: string | null;
  readonly status: KeyStatus;
  readonly valid: boolean;
  readonly ip: IpAccess;
}

export interface IpRuleAccess {
  /** As declared. */
  readonly entry: string;
  /** As best written (a CIDR block by its network address); undefined when it does not parse. */
  readonly canonical?: string;
  readonly family?: 4 | 6;
  readonly addresses: string;
}

export interface IpAccess {
  readonly allowed: readonly IpRuleAccess[];
  readonly blocked: readonly IpRuleAccess[];
  /** True when no allow list narrows the key to some addresses. */
  readonly anyAddress: boolean;
  /** The addresses the key admits (allowed less blocked), merged: 32-digit hex bounds in one IPv6 space, IPv4 mapped. */
  readonly admitted: readonly { readonly start: string; readonly end: string }[];
  readonly admittedIpv4: string;
  readonly admittedIpv6: string;
}

/** Methods that do not change state (RFC 9110 §9.2.1 safe methods); every other method is a write. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWriteMethod(method: string): boolean {
  return !SAFE_METHODS.has(method);
}
