/**
 * The real Lambda handler over a real DynamoDB-compatible server: dynalite on a random loopback port,
 * the key table created and records written through the record module, secrets in a temporary file.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/handler';
import { type AuthorizerAnswer, invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import type { KeyRecord } from '../../record/key-record';
import { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startDynalite } from './dynalite';
import { testTempDir } from './temporary';

export interface HandlerOverDynalite {
  readonly dynamo: LocalDynamo;
  readonly logs: string[];
  invoke(event: APIGatewayRequestAuthorizerEvent): Promise<AuthorizerAnswer & { log: Record<string, unknown> }>;
  close(): Promise<void>;
}

export const TABLE_NAME = 'gatehouse-keys';

export async function startHandlerOverDynalite(
  records: readonly KeyRecord[],
  options: { env?: Record<string, string>; secrets?: Record<string, string> } = {},
): Promise<HandlerOverDynalite> {
  const dynamo = await startDynalite();
  await createKeyTable(dynamo.client, TABLE_NAME);
  await putRecords(dynamo.client, TABLE_NAME, records);
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const secretsDir = testTempDir('gatehouse-secrets');
  const secretsFile = join(secretsDir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify(options.secrets ?? {}), { mode: 0o600 });
  const logs: string[] = [];
  const handler = createHandler({
    env: { GATEHOUSE_TABLE_NAME: TABLE_NAME, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}`, ...options.env },
    writeLog: (line) => logs.push(line),
  });
  return {
    dynamo,
    logs,
    async invoke(event) {
      const answer = await invokeAuthorizer(handler, event);
      return { ...answer, log: JSON.parse(logs[logs.length - 1] as string) as Record<string, unknown> };
    },
    async close() {
      rmSync(secretsDir, { recursive: true, force: true });
      await dynamo.close();
    },
  };
}
