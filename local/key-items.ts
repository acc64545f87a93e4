/**
 * Loads the local stack's key items into the table Terraform created for them, in bulk: BatchWriteItem,
 * 25 requests a call (DynamoDB's limit), a few calls in flight. The table is made to hold exactly the
 * declared items: items missing or different are written, items no longer declared (a revoked key, a
 * deleted client) are deleted, the rest are left alone, so a restart writes only what changed.
 *
 * DynamoDB may leave part of a batch unprocessed (UnprocessedItems) and asks callers to send those again
 * with exponential backoff (API reference, BatchWriteItem): retried here a bounded number of times, then
 * the load fails naming how many requests were left.
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { KEY_TABLE } from '../record/key-record';
import { LOCAL_KEY_ITEMS, type LocalKeyItems } from '../stacks/constructs/gatehouse-local-data';

/** DynamoDB's most requests in one BatchWriteItem. */
export const BATCH_SIZE = 25;

export interface LoadOptions {
  /** BatchWriteItem calls in flight at once. Default 4. */
  readonly inFlight?: number;
  /** Calls per batch before its unprocessed requests fail the load. Default 8. */
  readonly attempts?: number;
  /** The pause before retry `n` (1-based). Default 50 ms doubling, at most 2 s. */
  readonly backoffMs?: (retry: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LoadReport {
  readonly written: number;
  readonly deleted: number;
  readonly unchanged: number;
}

type Client = Pick<DynamoDBClient, 'send'>;
type Item = Record<string, AttributeValue>;

/** The key items a synthesized local stack declares (cdk.tf.json, under its comment property). */
export function readLocalKeyItems(stackFile: string): LocalKeyItems {
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as { '//'?: Record<string, unknown> };
  const items = stack['//']?.[LOCAL_KEY_ITEMS] as LocalKeyItems | undefined;
  if (!items || typeof items.table !== 'string' || typeof items.items !== 'object') throw new Error(`${stackFile} holds no key items ("//".${LOCAL_KEY_ITEMS}): synthesize the local stack again`);
  return items;
}

/** Makes `declared.table` hold exactly the declared items. */
export async function loadKeyItems(client: Client, declared: LocalKeyItems, options: LoadOptions = {}): Promise<LoadReport> {
  const wanted = new Map<string, Item>();
  for (const [name, json] of Object.entries(declared.items)) {
    const item = JSON.parse(json) as Item;
    const hash = item[KEY_TABLE.partitionKey]?.S;
    if (hash === undefined) throw new Error(`key item ${name} has no ${KEY_TABLE.partitionKey}`);
    if (wanted.has(hash)) throw new Error(`key item ${name} has the ${KEY_TABLE.partitionKey} of another item`);
    wanted.set(hash, item);
  }
  const requests: WriteRequest[] = [];
  let unchanged = 0;
  let deleted = 0;
  for await (const existing of scanTable(client, declared.table)) {
    const hash = existing[KEY_TABLE.partitionKey]?.S as string;
    const item = wanted.get(hash);
    if (item === undefined) {
      requests.push({ DeleteRequest: { Key: { [KEY_TABLE.partitionKey]: { S: hash } } } });
      deleted++;
    } else if (isDeepStrictEqual(existing, item)) {
      wanted.delete(hash);
      unchanged++;
    }
  }
  for (const item of wanted.values()) requests.push({ PutRequest: { Item: item } });
  await writeAll(client, declared.table, requests, options);
  return { written: wanted.size, deleted, unchanged };
}

async function* scanTable(client: Client, table: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

async function writeAll(client: Client, table: string, requests: readonly WriteRequest[], options: LoadOptions): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let first = 0; first < requests.length; first += BATCH_SIZE) batches.push(requests.slice(first, first + BATCH_SIZE));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await writeBatch(client, table, batches[next++] as WriteRequest[], options);
  };
  await Promise.all(Array.from({ length: Math.min(options.inFlight ?? 4, batches.length) }, worker));
}

async function writeBatch(client: Client, table: string, batch: WriteRequest[], options: LoadOptions): Promise<void> {
  const attempts = options.attempts ?? 8;
  const backoff = options.backoffMs ?? ((retry) => Math.min(2000, 50 * 2 ** (retry - 1)));
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let pending = batch;
  for (let attempt = 1; ; attempt++) {
    const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = result.UnprocessedItems?.[table] ?? [];
    if (pending.length === 0) return;
    if (attempt >= attempts) throw new Error(`loading key items into ${table}: ${pending.length} of a batch of ${batch.length} writes were still unprocessed after ${attempts} BatchWriteItem calls`);
    await sleep(backoff(attempt));
  }
}
