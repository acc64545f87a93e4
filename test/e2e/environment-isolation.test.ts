/**
 * A staging token never opens production (issue 20), through the real parts: one set of client files
 * declares a client in both environments with a key in each; each environment's data (GatehouseLocalData,
 * as the local stack holds it, declared for that environment) is synthesized, its table `terraform apply`d
 * to one dynalite and its items loaded into it; the built authorizer bundle (what the Lambda runs), configured with one
 * table, refuses the other environment's token with 401 and says why in its decision line.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import type * as handlerModule from '../../lambda/handler';
import { invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import { applyTable, loadItems } from '../../local/local-stack';
import { declaredKeyHash, hashApiKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import { AUTHORIZER_BUNDLE } from '../../scripts/build-authorizer';
import { declareApiCatalog } from '../../stacks/api-catalog';
import { type ClientFile, declareClientFiles } from '../../stacks/app/clients-folder';
import { DEMO_API_ROUTES } from '../../stacks/app/gatehouse-app';
import { localDynamoStack } from '../../stacks/app/local-dynamodb-stack';
import { GatehouseLocalData } from '../../stacks/constructs/gatehouse-local-data';
import { ApiClient, ApiKey, ClientAuth } from '../../stacks/gatehouse';
import { LOCAL_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { authorizerEvent } from '../support/events';
import { rsaKeyPair } from '../support/keys';
import { bearer, freshClaims, signRs256 } from '../support/tokens';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

const ENVIRONMENTS = ['staging', 'production'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

const partner = rsaKeyPair();
const tokens: Record<Environment, string> = { staging: mintApiKeyToken(), production: mintApiKeyToken() };

/** One client in every environment, with one key in each: the file a team would write. */
const FILES: ClientFile[] = [
  {
    name: 'partner',
    declare: (scope, { policies, collections }) => {
      const client = new ApiClient(scope, 'partner', {
        description: 'A partner calling staging and production',
        owner: 'team-partners',
        auth: ClientAuth.rsa({ publicKeys: [partner.publicKey.export({ format: 'pem', type: 'spki' }) as string] }),
        policy: policies.standard,
        collections: [collections.orders],
      });
      for (const environment of ENVIRONMENTS) new ApiKey(scope, `partner-${environment}`, { client, environment, tokenHash: declaredKeyHash(tokens[environment]) });
    },
  },
];

interface Deployed {
  readonly tableName: string;
  readonly authorizerEnvironment: Record<string, string>;
}

/**
 * An environment's key table and items as a local stack holds them, in a table named after the
 * environment so both fit on one server; synthesized, then deployed as the local run deploys: the table
 * with real Terraform, the items in bulk.
 */
async function deploy(environment: Environment, dynamo: LocalDynamo): Promise<Deployed> {
  const app = new App({ outdir: testTempDir(`gatehouse-isolation-${environment}`) });
  const stack = localDynamoStack(app, `local-${environment}`, 'eu-west-1');
  const context = { name: environment, all: [...ENVIRONMENTS] };
  const data = new GatehouseLocalData(stack, 'data', { apiRoutes: DEMO_API_ROUTES, environment: context, tableName: `gatehouse-${environment}-keys` });
  declareClientFiles(data.clients, FILES, declareApiCatalog(data.catalogScope, context), context);
  app.synth();
  const dir = join(app.outdir, 'stacks', stack.node.id);
  await applyTable(dir, dynamo.endpoint);
  await loadItems(dir, dynamo.endpoint);
  return { tableName: data.tableName, authorizerEnvironment: data.authorizerEnvironment };
}

let dynamo: LocalDynamo;
const deployed = {} as Record<Environment, Deployed>;
const handlers = {} as Record<Environment, { handler: ReturnType<typeof handlerModule.createHandler>; logs: string[] }>;

beforeAll(async () => {
  dynamo = await startDynalite();
  await Promise.all(ENVIRONMENTS.map(async (environment) => (deployed[environment] = await deploy(environment, dynamo))));
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const secretsFile = join(testTempDir('gatehouse-isolation-secrets'), 'secrets.json');
  writeFileSync(secretsFile, '{}', { mode: 0o600 });
  const { createHandler } = require(AUTHORIZER_BUNDLE) as typeof handlerModule;
  for (const environment of ENVIRONMENTS) {
    const logs: string[] = [];
    handlers[environment] = { logs, handler: createHandler({ env: { ...deployed[environment].authorizerEnvironment, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}` }, writeLog: (line) => logs.push(line) }) };
  }
});

afterAll(async () => dynamo?.close());

/** The authorizer of `table`'s environment deciding a request with `token`'s key: status and logged reason. */
async function decide(table: Environment, token: Environment) {
  const { handler, logs } = handlers[table];
  const authorization = bearer(signRs256(createPrivateKey(partner.privateKey.export({ format: 'pem', type: 'pkcs8' })), freshClaims({ gatehouse_sub: tokens[token] })));
  const answer = await invokeAuthorizer(handler, authorizerEvent({ authorization, method: 'GET', path: '/orders/42' }));
  const line = logs.at(-1) as string;
  expect(line).not.toContain(tokens[token]);
  return { status: answer.status, reason: (JSON.parse(line) as { reason: unknown }).reason };
}

it('writes each environment\'s key, and only it, to the environment\'s table', async () => {
  for (const environment of ENVIRONMENTS) {
    const scan = await dynamo.client.send(new ScanCommand({ TableName: deployed[environment].tableName }));
    expect((scan.Items ?? []).map((item) => decodeKeyRecord(item).keyHash)).toEqual([hashApiKeyToken(tokens[environment])]);
  }
});

it('refuses the staging token with the production table, saying the key is unknown', async () => {
  expect(await decide('production', 'staging')).toEqual({ status: 401, reason: 'api_key_unknown' });
});

it('allows the staging token with the staging table', async () => {
  expect(await decide('staging', 'staging')).toEqual({ status: 200, reason: 'ok' });
});

it('refuses the production token with the staging table, and allows it with the production table', async () => {
  expect(await decide('staging', 'production')).toEqual({ status: 401, reason: 'api_key_unknown' });
  expect(await decide('production', 'production')).toEqual({ status: 200, reason: 'ok' });
});
