/**
 * A DynamoDB-compatible server (dynalite) on a random loopback port, started by the test that needs it,
 * with the key table created and records written through the record module.
 */
import { CreateTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { encodeKeyRecord, KEY_TABLE, type KeyRecord } from '../../record/key-record';

export { LOCAL_AWS_ENV, type LocalDynamo, startLocalDynamo as startDynalite } from '../../local/local-dynamodb';

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
