/**
 * An authorizer over in-memory records and secrets, for fast unit tests of the whole decision. The
 * integration and attack suites run the same decision through the real handler and dynalite.
 */
import { requestFromEvent } from '../../lambda/api-gateway-event';
import { assembleAuthorizer } from '../../lambda/assemble';
import type { FullDecision } from '../../lambda/authorizer';
import { loadConfig } from '../../record/authorizer-settings';
import type { Trace } from '../../lambda/decision';
import type { KeyRecordSource } from '../../lambda/record-store';
import type { KeyRecord } from '../../record/key-record';

export class MemoryRecordSource implements KeyRecordSource {
  reads = 0;
  private readonly byHash = new Map<string, KeyRecord>();

  constructor(records: readonly KeyRecord[] = []) {
    for (const record of records) this.byHash.set(record.keyHash, record);
  }

  put(record: KeyRecord): void {
    this.byHash.set(record.keyHash, record);
  }

  async fetch(keyHash: string): Promise<KeyRecord | undefined> {
    this.reads++;
    return this.byHash.get(keyHash);
  }
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  readonly now?: () => number;
}

export function authorizerHarness(records: readonly KeyRecord[], options: HarnessOptions = {}) {
  const source = new MemoryRecordSource(records);
  const secrets = options.secrets ?? {};
  const secretFetches: string[] = [];
  const config = loadConfig({ GATEHOUSE_TABLE_NAME: 'keys', ...options.env });
  const assembled = assembleAuthorizer(config, {
    recordSource: source,
    secretSource: {
      fetch: async (id) => {
        secretFetches.push(id);
        const value = secrets[id];
        if (value === undefined) throw new Error(`no secret ${id}`);
        return value;
      },
    },
    now: options.now,
  });
  return {
    ...assembled,
    source,
    secretFetches,
    /** Any event: REST, HTTP API payload 1.0 or 2.0, or one the authorizer refuses. */
    decide: (event: unknown, trace?: Trace): Promise<FullDecision> => assembled.authorizer.decide(requestFromEvent(event), trace),
  };
}
