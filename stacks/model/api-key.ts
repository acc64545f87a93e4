/** API keys: the hash of a token a client holds, with the key's own IP rules, date and status. */
import { DECLARED_KEY_HASH, importedFormatOf, isGatehouseKeyToken, keyHashFromDeclared } from '../../record/api-key-token';
import { parseIpEntry } from '../../record/ip-entries';
import { unreachableAllowEntries } from './ip-coverage';
import type { ClientDefinition } from './api-client';
import { checkName, error, type Problem, warning } from './problems';

export interface ApiKeySettings {
  /** `sha256:<hex>` of the token, as `npx gatehouse keys new` prints it. Never the token itself. */
  readonly tokenHash: string;
  /** Addresses, CIDR blocks or ranges allowed to use the key. Default: any address. */
  readonly allowedIps?: readonly string[];
  /** Addresses, CIDR blocks or ranges refused, even inside an allowed entry. */
  readonly blockedIps?: readonly string[];
  /** The key stops working at this instant (ISO 8601 date or date-time, UTC). Default: never. */
  readonly notAfter?: string;
  /** Default true. A disabled key gets 403s. */
  readonly enabled?: boolean;
  readonly description?: string;
}

export class KeyDefinition {
  readonly problems: Problem[];
  /** The table's partition key; absent when the declared hash is invalid. */
  readonly keyHash: string | undefined;
  readonly notAfter: string | undefined;

  constructor(
    readonly name: string,
    readonly client: ClientDefinition,
    readonly settings: ApiKeySettings,
    now: Date,
  ) {
    const hash = checkHash(settings.tokenHash);
    this.keyHash = hash.keyHash;
    const date = checkNotAfter(settings.notAfter, now);
    this.notAfter = date.notAfter;
    this.problems = [...checkName('key', name), ...hash.problems, ...date.problems, ...checkIps(settings)];
  }

  get enabled(): boolean {
    return this.settings.enabled ?? true;
  }
}

function checkHash(value: string): { keyHash?: string; problems: Problem[] } {
  if (typeof value === 'string' && DECLARED_KEY_HASH.test(value)) return { keyHash: keyHashFromDeclared(value), problems: [] };
  if (typeof value === 'string' && isGatehouseKeyToken(value)) {
    return {
      problems: [error('tokenHash', value, 'is an API key TOKEN, not its hash; tokens must never be committed', 'treat this token as leaked: mint a new one with `npx gatehouse keys new` and commit only the sha256: hash it prints')],
    };
  }
  if (typeof value === 'string' && importedFormatOf(value)) {
    return {
      problems: [error('tokenHash', value, 'is 64 hex digits without the sha256: prefix: either a hash missing its prefix, or an imported key token (which must never be committed)', 'if it is a hash, write sha256:<hex>; if it is a token, run `npx gatehouse keys hash` on it, commit the hash, and treat the token as leaked')],
    };
  }
  return { problems: [error('tokenHash', value, 'is not a key hash', 'commit the sha256:<64 hex digits> hash that `npx gatehouse keys new` prints')] };
}

function checkNotAfter(value: string | undefined, now: Date): { notAfter?: string; problems: Problem[] } {
  if (value === undefined) return { problems: [] };
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(time)) {
    return { problems: [error('notAfter', value, 'is not a UTC date or date-time', 'write 2027-03-31 or 2027-03-31T12:00:00Z')] };
  }
  const notAfter = new Date(time).toISOString().replace(/\.000Z$/, 'Z');
  const problems = time <= now.getTime() ? [warning('notAfter', value, 'has passed, so this key is refused', 'remove the key, or extend notAfter if the client still needs it')] : [];
  return { notAfter, problems };
}

function checkIps({ allowedIps = [], blockedIps = [] }: ApiKeySettings): Problem[] {
  const problems: Problem[] = [];
  for (const [field, entries] of [['allowedIps', allowedIps], ['blockedIps', blockedIps]] as const) {
    entries.forEach((entry, index) => {
      const parsed = parseIpEntry(entry);
      if (!parsed.ok) return void problems.push(error(`${field}[${index}]`, entry, parsed.problem, parsed.fix));
      if (parsed.hostBitsSet) {
        problems.push(warning(`${field}[${index}]`, entry, `has host bits set; it means ${parsed.canonical}`, `write ${parsed.canonical}`));
      }
    });
  }
  for (const entry of unreachableAllowEntries(allowedIps, blockedIps)) {
    problems.push(warning(`allowedIps[${allowedIps.indexOf(entry)}]`, entry, 'is entirely covered by blocked entries, so it admits no one (blocked entries win)', 'remove the allowed entry, or narrow the blocked ones'));
  }
  return problems;
}
