/**
 * Step 3: find the API key named in the token. Candidates, in order: the platform's custom claims, the
 * namespaced claim, the short claim, the header `kid`, the payload `sub`. The first candidate that is a
 * non-empty string in key format is the key; values that are not keys (an IdP's `kid`, a user id in
 * `sub`, a number) are passed over, and a key that then misses in the table is not followed by others.
 */
import { type ImportedKeyFormat, isAcceptedKeyToken } from '../record/api-key-token';
import type { KeyClaimConfig } from '../record/key-claims';
import type { KeySource } from './decision';
import type { JsonObject } from './strict-json';

interface Candidate {
  readonly inHeader: boolean;
  readonly name: string;
  readonly source: KeySource;
}

/** The candidates of a configuration, in priority order; computed once per configuration. */
export function keyCandidates(config: KeyClaimConfig): readonly Candidate[] {
  const payload = (name: string): Candidate => ({ inHeader: false, name, source: `payload:${name}` });
  const list: Candidate[] = config.customClaims.map(payload);
  if (config.namespacedClaim) list.push(payload(config.namespacedClaim));
  if (config.shortClaim) list.push(payload(config.shortClaim));
  if (config.headerKid) list.push({ inHeader: true, name: 'kid', source: 'header:kid' });
  if (config.subject) list.push(payload('sub'));
  return list;
}

export interface FoundKey {
  readonly token: string;
  readonly source: KeySource;
}

/**
 * @param isKnownKey optional fast path: true for values already known to be keys (the record cache holds
 * only values that passed the format check), so the warm path skips the checksum. Same result either way.
 */
export function findApiKey(
  header: JsonObject,
  payload: JsonObject,
  candidates: readonly Candidate[],
  importedFormats: readonly ImportedKeyFormat[],
  isKnownKey: (value: string) => boolean = () => false,
): FoundKey | undefined {
  for (const candidate of candidates) {
    const part = candidate.inHeader ? header : payload;
    if (!Object.hasOwn(part, candidate.name)) continue;
    const value = part[candidate.name];
    if (typeof value === 'string' && value.length > 0 && (isKnownKey(value) || isAcceptedKeyToken(value, importedFormats))) {
      return { token: value, source: candidate.source };
    }
  }
  return undefined;
}
