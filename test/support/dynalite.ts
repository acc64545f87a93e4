/**
 * A DynamoDB-compatible server (dynalite) on a random loopback port, started by the test that needs it,
 * with the key table created and records written through the record module.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import { encodeKeyRecord, KEY_TABLE, type KeyRecord } from '../../record/key-record';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, number>) => import('node:http').Server;

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/** Credentials and region the SDK needs to sign requests to a local server; dynalite ignores them. */
export const LOCAL_AWS_ENV = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } as const;

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

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
