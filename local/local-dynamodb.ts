/**
 * A DynamoDB-compatible server (dynalite) on a random loopback port, for the local run and the tests:
 * in memory, or kept in a folder (LevelDB through classic-level, dynalite's `path` option) so that a
 * restarted local run finds its table as it left it. The authorizer reaches it through the SDK's
 * standard AWS_ENDPOINT_URL_DYNAMODB.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeKeyRecord, KEY_TABLE, type KeyRecord } from '../record/key-record';

/**
 * Credentials and region the SDK needs to sign requests to a local server (dynalite ignores them), and
 * quiet about Node 20: local tools may run on it, the Lambda runs Node 22.
 */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export interface LocalDynamoOptions {
  readonly port?: number;
  /** Keep the data in this folder (created if missing) instead of in memory. One server at a time may use it. */
  readonly path?: string;
}

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  // Required here, not at the top: the CLI imports this module for LOCAL_AWS_ENV alone.
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates the key table as the stacks define it, for tests and benchmarks that skip Terraform. */
export async function createKeyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: KEY_TABLE.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: KEY_TABLE.partitionKey, KeyType: 'HASH' }],
    }),
  );
}

export async function putRecords(client: DynamoDBClient, tableName: string, records: readonly KeyRecord[]): Promise<void> {
  for (const record of records) await client.send(new PutItemCommand({ TableName: tableName, Item: encodeKeyRecord(record) }));
}
