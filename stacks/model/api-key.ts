/** API keys: the hash of a token a client holds, with the key's own IP rules, date and status. */
import type { Suppression } from './problems';
import { DECLARED_KEY_HASH, importedFormatOf, isGatehouseKeyToken, keyHashFromDeclared } from '../../record/api-key-token';
import { type ParsedIpEntry, parseIpEntry } from '../../record/ip-entries';
import type { ClientDefinition } from './api-client';

export interface ApiKeySettings {
  /** `sha256:<hex>` of the token, as `gatehouse keys new` prints it. Never the token itself. */
  readonly tokenHash: string;
  /**
   * Addresses, CIDR blocks or ranges allowed to use the key.
   * @default any address
   */
  readonly allowedIps?: readonly string[];
  /**
   * Addresses, CIDR blocks or ranges refused, even inside an allowed entry.
   * @default none
   */
  readonly blockedIps?: readonly string[];
  /**
   * The key stops working at this instant (ISO 8601 date or date-time, UTC).
   * @default never
   */
  readonly notAfter?: string;
  /**
   * A disabled key gets 403s.
   * @default true
   */
  readonly enabled?: boolean;
  /** @default none */
  readonly description?: string;
  /**
   * Warnings accepted here, each with its rule's code and the reason (docs/checks.md).
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
}

/** What the declared `tokenHash` turned out to be. */
export type HashFact = { readonly kind: 'hash'; readonly keyHash: string } | { readonly kind: 'token' | 'imported-or-bare-hex' | 'invalid' };

export interface IpEntryFact {
  readonly list: 'allowedIps' | 'blockedIps';
  readonly index: number;
  readonly entry: string;
  readonly parsed: ParsedIpEntry;
}

function hashFact(value: unknown): HashFact {
  if (typeof value !== 'string') return { kind: 'invalid' };
  if (DECLARED_KEY_HASH.test(value)) return { kind: 'hash', keyHash: keyHashFromDeclared(value) };
  if (isGatehouseKeyToken(value)) return { kind: 'token' };
  if (importedFormatOf(value)) return { kind: 'imported-or-bare-hex' };
  return { kind: 'invalid' };
}

/** `2027-03-31` or `2027-03-31T12:00:00Z` as an instant; undefined when it is neither. */
function instantOf(value: string): Date | undefined {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(instant) ? Date.parse(instant) : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time);
}

export class KeyDefinition {
  readonly hash: HashFact;
  /** The parsed `notAfter`; undefined when none is declared or it does not parse. */
  readonly notAfterInstant: Date | undefined;
  readonly ipEntries: readonly IpEntryFact[];

  constructor(
    readonly name: string,
    readonly client: ClientDefinition,
    readonly settings: ApiKeySettings,
  ) {
    this.hash = hashFact(settings.tokenHash);
    this.notAfterInstant = typeof settings.notAfter === 'string' ? instantOf(settings.notAfter) : undefined;
    const entries = (list: 'allowedIps' | 'blockedIps') =>
      (Array.isArray(settings[list]) ? (settings[list] as readonly string[]) : []).map((entry, index) => ({ list, index, entry, parsed: parseIpEntry(entry) }));
    this.ipEntries = [...entries('allowedIps'), ...entries('blockedIps')];
  }

  /** The table's partition key; undefined while the declared hash is not one. */
  get keyHash(): string | undefined {
    return this.hash.kind === 'hash' ? this.hash.keyHash : undefined;
  }

  /** `notAfter` as the record holds it. */
  get notAfter(): string | undefined {
    return this.notAfterInstant?.toISOString().replace(/\.000Z$/, 'Z');
  }

  get enabled(): boolean {
    return this.settings.enabled ?? true;
  }
}
