/** A DynamoDB-compatible server (dynalite) on a random loopback port, started by the test that needs it. */
import { type AttributeValue, type DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
export { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startLocalDynamo as startDynalite } from '../../local/local-dynamodb';

/** Every item of a table, page by page. */
export async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
