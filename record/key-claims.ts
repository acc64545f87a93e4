/**
 * Where a token carries its API key: the claim names both sides agree on. The platform stack writes
 * them into the authorizer's settings; the authorizer searches them in this order; the CLI signs tokens
 * with them.
 */

export interface KeyClaimConfig {
  /** Payload claims checked first, in order; for platforms whose IdP puts the key somewhere of its own. */
  readonly customClaims: readonly string[];
  /** A namespaced payload claim (a URI), which IdPs that restrict custom claims still allow. */
  readonly namespacedClaim: string | null;
  /** A short payload claim. */
  readonly shortClaim: string | null;
  readonly headerKid: boolean;
  readonly subject: boolean;
}

/**
 * `gatehouse`: our own names. `workato`: the reference platform's names, so tokens made by following its
 * documentation (`https://www.workato.com/sub`, `workato_sub`, header `kid`, `sub`) work unchanged.
 */
export const KEY_CLAIM_PRESETS = {
  gatehouse: {
    customClaims: [],
    namespacedClaim: 'https://gatehouse.dev/sub',
    shortClaim: 'gatehouse_sub',
    headerKid: true,
    subject: true,
  },
  workato: {
    customClaims: [],
    namespacedClaim: 'https://www.workato.com/sub',
    shortClaim: 'workato_sub',
    headerKid: true,
    subject: true,
  },
} as const satisfies Record<string, KeyClaimConfig>;
export type KeyClaimPreset = keyof typeof KEY_CLAIM_PRESETS;
