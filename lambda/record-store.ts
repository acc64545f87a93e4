/**
 * Step 4: the key record for a token. One DynamoDB GetItem by the token's SHA-256 on a miss; in memory
 * after that, for a positive TTL (found) or a shorter negative TTL (unknown key), so a warm path reads
 * nothing and a flood of one unknown key costs one read per negative TTL. The cache is bounded in size.
 *
 * Records are never served past their TTL: a key disabled in the table stops working within one TTL,
 * and when the table cannot be read the decision fails closed.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { LRUCache } from 'lru-cache';
import { hashApiKeyToken } from '../record/api-key-token';
import { decodeKeyRecord, KEY_TABLE, type KeyRecord, RecordError } from '../record/key-record';
import { boundedClientConfig, overallDeadlineMs } from './aws-client-limits';
import { refuse } from './decision';
import { type PreparedRecord, prepareRecord } from './prepared-record';

/** Where records come from; DynamoDB in production, anything else in unit tests. */
export interface KeyRecordSource {
  /** The record stored under a key hash, or undefined when there is none. */
  fetch(keyHash: string): Promise<KeyRecord | undefined>;
}

export class DynamoKeyRecordSource implements KeyRecordSource {
  /** GetItem calls made, for the store-traffic benchmark and tests. */
  reads = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Overall deadline for one read, retries included, whatever the SDK's own timeouts do. */
    private readonly deadlineMs: number,
  ) {}

  async fetch(keyHash: string): Promise<KeyRecord | undefined> {
    this.reads++;
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { [KEY_TABLE.partitionKey]: { S: keyHash } } }),
      { abortSignal: AbortSignal.timeout(this.deadlineMs) },
    );
    if (!output.Item) return undefined;
    const record = decodeKeyRecord(output.Item);
    if (record.keyHash !== keyHash) throw new RecordError(`item under ${keyHash.slice(0, 12)}… names another key hash`);
    return record;
  }
}

/**
 * A DynamoDB client that gives up quickly: two attempts, each bounded by `timeoutMs` to connect and
 * `timeoutMs` to answer. Endpoint and region come from the SDK's standard settings
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION), so a local server needs no code path of its own.
 */
export function createTableClient(timeoutMs: number): DynamoDBClient {
  return new DynamoDBClient(boundedClientConfig(timeoutMs));
}

/** The overall deadline matching createTableClient's timeouts: two attempts and a backoff. */
export function tableDeadlineMs(timeoutMs: number): number {
  return overallDeadlineMs(timeoutMs);
}

export interface RecordCacheOptions {
  readonly ttlMs: number;
  readonly negativeTtlMs: number;
  readonly maxEntries: number;
}

const UNKNOWN = Symbol('unknown key');
type Cached = PreparedRecord | typeof UNKNOWN;

export interface RecordLookup {
  readonly prepared: PreparedRecord | undefined;
  readonly cache: 'hit' | 'miss';
}

export class RecordStore {
  private readonly cache: LRUCache<string, Cached, unknown>;

  constructor(
    private readonly source: KeyRecordSource,
    private readonly options: RecordCacheOptions,
  ) {
    // Keyed by the token itself, which this process holds anyway while it decides; hashing happens
    // only on a miss, to address the table.
    this.cache = new LRUCache<string, Cached, unknown>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      ttlAutopurge: false,
      fetchMethod: async (token) => {
        const record = await this.source.fetch(hashApiKeyToken(token));
        return record ? prepareRecord(record) : UNKNOWN;
      },
    });
  }

  /** Whether a record (not an unknown-key marker) is cached for this token. */
  holds(token: string): boolean {
    const cached = this.cache.get(token, { updateAgeOnGet: false });
    return cached !== undefined && cached !== UNKNOWN;
  }

  /** The cached lookup if there is one; synchronous so the warm path does not await. */
  peek(token: string): RecordLookup | undefined {
    const cached = this.cache.get(token);
    return cached === undefined ? undefined : { prepared: cached === UNKNOWN ? undefined : cached, cache: 'hit' };
  }

  async lookup(token: string): Promise<RecordLookup> {
    const warm = this.peek(token);
    if (warm) return warm;
    let fetched: Cached | undefined;
    try {
      fetched = await this.cache.fetch(token);
    } catch (error) {
      if (error instanceof RecordError) refuse('record_invalid', error.message);
      refuse('store_unavailable', `key table unreadable: ${(error as Error).name}: ${(error as Error).message}`);
    }
    if (fetched === UNKNOWN) {
      this.cache.set(token, UNKNOWN, { ttl: this.options.negativeTtlMs });
      return { prepared: undefined, cache: 'miss' };
    }
    if (fetched === undefined) refuse('store_unavailable', 'key table lookup returned nothing');
    return { prepared: fetched, cache: 'miss' };
  }
}
