/**
 * The built authorizer bundle (what the Lambda runs) over dynalite, behind the local gateway (and, when
 * asked, the local HTTP API gateway too): the real parts API Gateway's boundary is tested through.
 * Records are written through the record module.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as AuthorizerModule from '../../lambda/handler';
import { type LocalGateway, startLocalGateway } from '../../local/gateway/local-gateway';
import { startLocalHttpApiGateway } from '../../local/gateway/local-http-api-gateway';
import { httpApiEnvironment } from '../../record/authorizer-settings';
import { UsagePlans } from '../../local/gateway/usage-plans';
import type { KeyRecord } from '../../record/key-record';
import { AUTHORIZER_BUNDLE } from '../../scripts/build-authorizer';
import { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startDynalite } from './dynalite';
import { testTempDir } from './temporary';

export interface GatewayOverDynalite {
  readonly gateway: LocalGateway;
  /** The HTTP API listener, when `httpApi` was given. */
  readonly httpApiGateway?: LocalGateway;
  readonly dynamo: LocalDynamo;
  /** The authorizer's decision lines, parsed. */
  readonly decisions: Record<string, unknown>[];
  readonly handler: ReturnType<typeof AuthorizerModule.createHandler>;
  close(): Promise<void>;
}

const TABLE = 'gatehouse-boundary-keys';

export async function startGatewayOverDynalite(
  records: readonly KeyRecord[],
  options: {
    routes: readonly string[];
    secrets?: Record<string, string>;
    resultTtlSeconds?: number;
    /** Also serve an HTTP API: its route keys and whether its authorizer has simple responses. */
    httpApi?: { routes: readonly string[]; simpleResponses: boolean };
  },
): Promise<GatewayOverDynalite> {
  const dynamo = await startDynalite();
  await createKeyTable(dynamo.client, TABLE);
  await putRecords(dynamo.client, TABLE, records);
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const secretsDir = testTempDir('gatehouse-boundary');
  const secretsFile = join(secretsDir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify(options.secrets ?? {}), { mode: 0o600 });
  const bundle = require(AUTHORIZER_BUNDLE) as typeof AuthorizerModule;
  const decisions: Record<string, unknown>[] = [];
  const handler = bundle.createHandler({
    env: { GATEHOUSE_TABLE_NAME: TABLE, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}`, ...httpApiEnvironment({ simpleResponses: options.httpApi?.simpleResponses ?? false }) },
    writeLog: (line) => decisions.push(JSON.parse(line) as Record<string, unknown>),
  });
  const plans = new Map(records.flatMap((record) => (record.client.usageIdentifierKey ? [[record.client.usageIdentifierKey, {}] as const] : [])));
  const gateway = await startLocalGateway({
    port: 0,
    authorizer: handler,
    routes: options.routes.map((route) => route.split(' ') as [string, string]),
    usagePlans: new UsagePlans(plans),
    resultTtlSeconds: options.resultTtlSeconds ?? 300,
  });
  const httpApiGateway =
    options.httpApi &&
    (await startLocalHttpApiGateway({ port: 0, authorizer: handler, routes: options.httpApi.routes, simpleResponses: options.httpApi.simpleResponses, resultTtlSeconds: options.resultTtlSeconds ?? 300 }));
  return {
    gateway,
    httpApiGateway,
    dynamo,
    decisions,
    handler,
    async close() {
      await gateway.close();
      await httpApiGateway?.close();
      await dynamo.close();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
