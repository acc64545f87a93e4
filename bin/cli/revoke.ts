/**
 * Break glass: `gatehouse revoke <key>` disables a key in an environment's table at once, flushes the
 * stage's authorizer cache and prints an audit line; `gatehouse flush` flushes alone (after a deploy that
 * changed a client's or key's status). docs/operations.md has the runbook and the IAM permissions.
 *
 * What stops the key, in order: the table item says `enabled: false` (UpdateItem, only if the item
 * exists); the authorizer refuses once its in-memory copy of the record expires
 * (GATEHOUSE_RECORD_TTL_SECONDS, record/authorizer-settings.ts); API Gateway forgets its cached results
 * (FlushStageAuthorizersCache). The order matters: a request in the record cache's window is still
 * allowed, and API Gateway caches that allow for its own TTL (300 s) again, so one flush right after the
 * write is not enough. The cache is flushed at once (what was cached before the write) and again once
 * the record cache TTL and a second for DynamoDB's eventually consistent reads have passed; when the
 * command returns, the key is refused.
 */
import { userInfo } from 'node:os';
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DECLARED_KEY_HASH, keyHashFromDeclared } from '../../record/api-key-token';
import { decodeKeyRecord, KEY_TABLE } from '../../record/key-record';
import { CliError } from './cli-error';

/** A key as the command line names it: `<client>/<key>`, or the hash committed in the client file. */
export type KeyReference = { readonly kind: 'hash'; readonly keyHash: string } | { readonly kind: 'name'; readonly client: string; readonly key: string };

export function parseKeyReference(text: string): KeyReference {
  if (DECLARED_KEY_HASH.test(text)) return { kind: 'hash', keyHash: keyHashFromDeclared(text) };
  const match = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/.exec(text);
  if (match) return { kind: 'name', client: match[1] as string, key: match[2] as string };
  throw new CliError(`${JSON.stringify(text)}: name the key as <client>/<key> or by the sha256:<hash> in its client file`);
}

/** Where a revocation acts: the environment's key table, how its stage's cache is flushed, who acts. */
export interface RevokeTarget {
  readonly environment: string;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  /** Flushes the stage's authorizer cache; returns a description of what was flushed, for the audit line. */
  readonly flush: () => Promise<string>;
  /** The authorizer's record cache TTL in this environment. */
  readonly recordTtlSeconds: number;
  /** Who is acting: GATEHOUSE_OPERATOR, else the caller's AWS identity (or the local user). */
  readonly who: () => Promise<string>;
  /** Resolves `<client>/<key>` to the key's hash, from the environment's client files. */
  readonly keyHashOf: (client: string, key: string) => Promise<string>;
}

export interface AuditLine {
  readonly event: 'gatehouse.revoke' | 'gatehouse.flush';
  readonly at: string;
  readonly who: string;
  readonly environment: string;
  readonly client?: string;
  readonly key?: string;
  readonly keyHash?: string;
  readonly reason?: string;
  readonly table?: string;
  readonly flushed: string;
}

/** Sets the key's `enabled` to false, only on an existing item (and, named, only on the key of that name). */
async function disableKey(target: RevokeTarget, keyHash: string, expected: { client: string; key: string } | undefined): Promise<{ client: string; key: string }> {
  const names: Record<string, string> = { '#hash': KEY_TABLE.partitionKey, '#key': 'key', '#enabled': 'enabled' };
  const values: Record<string, { BOOL: boolean } | { S: string }> = { ':disabled': { BOOL: false } };
  let condition = 'attribute_exists(#hash)';
  if (expected) {
    Object.assign(names, { '#client': 'client', '#name': 'name' });
    Object.assign(values, { ':client': { S: expected.client }, ':key': { S: expected.key } });
    condition += ' AND #client.#name = :client AND #key.#name = :key';
  }
  try {
    const result = await target.dynamodb.send(
      new UpdateItemCommand({
        TableName: target.tableName,
        Key: { [KEY_TABLE.partitionKey]: { S: keyHash } },
        UpdateExpression: 'SET #key.#enabled = :disabled',
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const record = decodeKeyRecord(result.Attributes ?? {});
    return { client: record.client.name, key: record.key.name };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new CliError(`no such key in ${target.tableName} (${target.environment}): sha256:${keyHash.slice(0, 16)}…${expected ? ` as ${expected.client}/${expected.key}` : ''}; nothing was changed`);
    }
    throw error;
  }
}

/** Time for DynamoDB's eventually consistent reads (the authorizer's) to see a write: usually well under a second. */
const CONSISTENCY_MARGIN_MS = 1_000;

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Flushes now, and again once no authorizer can still hold the record as it was before the write. */
async function flushPastRecordCache(target: Pick<RevokeTarget, 'flush' | 'recordTtlSeconds'>, sleep: Sleep): Promise<string> {
  const first = await target.flush();
  const waitMs = target.recordTtlSeconds * 1000 + CONSISTENCY_MARGIN_MS;
  await sleep(waitMs);
  return `${first}; again after ${waitMs / 1000} s (record cache TTL ${target.recordTtlSeconds} s): ${await target.flush()}`;
}

export async function revokeKey(reference: KeyReference, reason: string, target: RevokeTarget, { now = () => new Date(), sleep = realSleep }: { now?: () => Date; sleep?: Sleep } = {}): Promise<AuditLine> {
  if (reason.trim() === '') throw new CliError('--reason must say why the key is revoked (it goes in the audit line)');
  const who = await target.who();
  const expected = reference.kind === 'name' ? { client: reference.client, key: reference.key } : undefined;
  const keyHash = reference.kind === 'hash' ? reference.keyHash : await target.keyHashOf(reference.client, reference.key);
  const { client, key } = await disableKey(target, keyHash, expected);
  const flushed = await flushPastRecordCache(target, sleep);
  return { event: 'gatehouse.revoke', at: now().toISOString(), who, environment: target.environment, client, key, keyHash: `sha256:${keyHash}`, reason, table: target.tableName, flushed };
}

/** After a deploy that changed a key's or client's status: the same two flushes as a revocation. */
export async function flushOnly(target: Pick<RevokeTarget, 'environment' | 'flush' | 'who' | 'recordTtlSeconds'>, { now = () => new Date(), sleep = realSleep }: { now?: () => Date; sleep?: Sleep } = {}): Promise<AuditLine> {
  const who = await target.who();
  const flushed = await flushPastRecordCache(target, sleep);
  return { event: 'gatehouse.flush', at: now().toISOString(), who, environment: target.environment, flushed };
}

/** GATEHOUSE_OPERATOR when set (CI names the workflow run), else `fallback()`. */
export function operator(fallback: () => Promise<string>): () => Promise<string> {
  return async () => process.env.GATEHOUSE_OPERATOR || (await fallback());
}

export const localUser = async (): Promise<string> => `local:${userInfo().username}`;
