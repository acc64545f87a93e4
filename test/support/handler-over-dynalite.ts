/**
 * The real Lambda handler over a real DynamoDB-compatible server: dynalite on a random loopback port,
 * the key table created and records written through the record module, secrets in a temporary file.
 * `bundle: true` runs the built bundle (dist/authorizer/index.js, what the Lambda runs) instead of the sources.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerResponse } from '../../lambda/api-gateway-event';
import * as sources from '../../lambda/handler';
import { AUTHORIZER_BUNDLE } from '../../scripts/build-authorizer';
import { type AuthorizerAnswer, invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import type { KeyRecord } from '../../record/key-record';
import { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startDynalite } from './dynalite';
import { testTempDir } from './temporary';

export interface HandlerOverDynalite {
  readonly dynamo: LocalDynamo;
  readonly logs: string[];
  invoke(event: APIGatewayRequestAuthorizerEvent): Promise<AuthorizerAnswer & { log: Record<string, unknown> }>;
  /** Any event in, the handler's own answer out: what it returned, or the message it threw. */
  call(event: unknown): Promise<Called>;
  /** Another handler on the same table and secrets, with these variables added to its environment. */
  variant(env: Record<string, string>): (event: unknown) => Promise<Called>;
  close(): Promise<void>;
}

export const TABLE_NAME = 'gatehouse-keys';

export interface Called {
  readonly result?: AuthorizerResponse;
  readonly thrown?: string;
  /** The decision line the call wrote. */
  readonly log: Record<string, unknown>;
}

export async function startHandlerOverDynalite(
  records: readonly KeyRecord[],
  options: { env?: Record<string, string>; secrets?: Record<string, string>; bundle?: boolean } = {},
): Promise<HandlerOverDynalite> {
  const dynamo = await startDynalite();
  await createKeyTable(dynamo.client, TABLE_NAME);
  await putRecords(dynamo.client, TABLE_NAME, records);
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const secretsDir = testTempDir('gatehouse-secrets');
  const secretsFile = join(secretsDir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify(options.secrets ?? {}), { mode: 0o600 });
  const logs: string[] = [];
  const { createHandler } = options.bundle ? (require(AUTHORIZER_BUNDLE) as typeof sources) : sources;
  const handlerWith = (env: Record<string, string> = {}) =>
    createHandler({ env: { GATEHOUSE_TABLE_NAME: TABLE_NAME, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}`, ...options.env, ...env }, writeLog: (line) => logs.push(line) });
  const handler = handlerWith();
  const caller = (calling: typeof handler) => async (event: unknown): Promise<Called> => {
    const log = () => JSON.parse(logs[logs.length - 1] as string) as Record<string, unknown>;
    try {
      return { result: await calling(event), log: log() };
    } catch (error) {
      return { thrown: (error as Error).message, log: log() };
    }
  };
  return {
    dynamo,
    logs,
    async invoke(event) {
      const answer = await invokeAuthorizer(handler, event);
      return { ...answer, log: JSON.parse(logs[logs.length - 1] as string) as Record<string, unknown> };
    },
    call: caller(handler),
    variant: (env) => caller(handlerWith(env)),
    async close() {
      rmSync(secretsDir, { recursive: true, force: true });
      await dynamo.close();
    },
  };
}
