/**
 * Where `gatehouse revoke` and `flush` act: an environment on AWS (its table, region and stage from
 * stacks/environments.ts, or from flags), or the running local run (its table and admin endpoint).
 * Loaded from the TypeScript sources, as it reads the environments and, for `<client>/<key>`, the client
 * files.
 */
import { APIGatewayClient, FlushStageAuthorizersCacheCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, ResetAuthorizersCacheCommand } from '@aws-sdk/client-apigatewayv2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { flushLocalRun } from '../../local/admin-server';
import { LOCAL_AWS_ENV } from '../../local/local-dynamodb';
import type { RunState } from '../../local/run-state';
import { CONFIG_VARIABLES } from '../../record/authorizer-settings';
import { ENVIRONMENTS } from '../../stacks/environments';
import { localEnvironmentOf, platformNamePrefix } from '../../stacks/app/gatehouse-app';
import { keyTableName } from '../../stacks/constructs/gatehouse-platform';
import type { EnvironmentSettings } from '../../stacks/model/environment';
import { withPlatforms } from './access-catalogs';
import { CliError } from './cli-error';
import { localUser, operator, type RevokeTarget } from './revoke';

const DEFAULT_RECORD_TTL_SECONDS = Number(CONFIG_VARIABLES.GATEHOUSE_RECORD_TTL_SECONDS);

export interface AwsTargetOptions {
  readonly environment: string;
  readonly table?: string;
  readonly restApiId?: string;
  readonly stage?: string;
  /** An HTTP API the authorizer protects (GatehouseHttpApi), whose stage's authorizer cache is reset too. */
  readonly httpApiId?: string;
  /** Its stage; default `$default`. */
  readonly httpApiStage?: string;
  readonly region?: string;
  readonly clientsDir?: string;
}

function environmentNamed(name: string, environments: readonly EnvironmentSettings[]): EnvironmentSettings {
  const found = environments.find((environment) => environment.name === name);
  if (!found) throw new CliError(`--environment ${name}: no such environment; stacks/environments.ts declares ${environments.map((environment) => environment.name).join(', ')}`);
  return found;
}

/** The key's hash in an environment, from the client files. */
function keyHashFrom(clientsDir: string | undefined, environment: string): RevokeTarget['keyHashOf'] {
  return (client, key) =>
    withPlatforms(clientsDir, new Date(), (platforms) => {
      const platform = platforms.find((candidate) => candidate.environment.name === environment);
      const found = platform?.catalog.keys.find((candidate) => candidate.client.name === client && candidate.name === key);
      if (!found?.keyHash) throw new CliError(`${client}/${key}: no such key in ${environment}'s client files; name it by its sha256:<hash> instead`);
      return found.keyHash;
    });
}

/** The REST API stage to flush: flags, else the environment's existing API; none when only an HTTP API is named. */
function restStageOf(settings: EnvironmentSettings, options: AwsTargetOptions): { restApiId: string; stageName: string } | undefined {
  const existing = settings.api.kind === 'existing' ? settings.api : undefined;
  const restApiId = options.restApiId ?? existing?.restApiId;
  const stageName = options.stage ?? existing?.stageName;
  if (restApiId && stageName) return { restApiId, stageName };
  if (options.httpApiId !== undefined && options.restApiId === undefined) return undefined;
  throw new CliError(
    `${settings.name} serves an API Gatehouse creates: pass --rest-api-id and --stage, the platform stack's rest_api_id and stage_name outputs (terraform -chdir=cdktf.out/stacks/gatehouse-${settings.name} output)`,
  );
}

/**
 * Each cache holding the authorizer's answers: a REST API stage's (FlushStageAuthorizersCache) and an
 * HTTP API stage's, which HTTP APIs reset with their own call (ResetAuthorizersCache, apigatewayv2).
 */
function cacheFlushes(settings: EnvironmentSettings, options: AwsTargetOptions, region: string): (() => Promise<string>)[] {
  const flushes: (() => Promise<string>)[] = [];
  const rest = restStageOf(settings, options);
  const flushing = (what: string, send: () => Promise<unknown>) => async () => {
    try {
      await send();
    } catch (error) {
      throw new CliError(`could not flush the ${what}: ${(error as Error).name}: ${(error as Error).message}`);
    }
    return what;
  };
  if (rest) {
    const what = `authorizer cache of ${rest.restApiId}/${rest.stageName} (${region})`;
    flushes.push(flushing(what, () => new APIGatewayClient({ region }).send(new FlushStageAuthorizersCacheCommand(rest))));
  }
  if (options.httpApiId !== undefined) {
    const http = { ApiId: options.httpApiId, StageName: options.httpApiStage ?? '$default' };
    const what = `authorizer cache of HTTP API ${http.ApiId}/${http.StageName} (${region})`;
    flushes.push(flushing(what, () => new ApiGatewayV2Client({ region }).send(new ResetAuthorizersCacheCommand(http))));
  }
  return flushes;
}

export function awsTarget(options: AwsTargetOptions, environments: readonly EnvironmentSettings[] = ENVIRONMENTS): RevokeTarget {
  const settings = environmentNamed(options.environment, environments);
  const region = options.region ?? settings.region;
  const flushes = cacheFlushes(settings, options, region);
  return {
    environment: settings.name,
    dynamodb: new DynamoDBClient({ region }),
    tableName: options.table ?? keyTableName(platformNamePrefix(settings)),
    recordTtlSeconds: settings.platform?.authorizer?.recordCacheTtlSeconds ?? DEFAULT_RECORD_TTL_SECONDS,
    // One after the other: a failure names the cache it could not flush, and stops the command.
    flush: async () => {
      const flushed: string[] = [];
      for (const flush of flushes) flushed.push(await flush());
      return flushed.join(' and ');
    },
    who: operator(async () => (await new STSClient({ region }).send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown'),
    keyHashOf: keyHashFrom(options.clientsDir, settings.name),
  };
}

/** The running local run: its table on the local DynamoDB, and its gateways' caches through the admin endpoint. */
export function localTarget(run: RunState, options: { readonly clientsDir?: string } = {}): RevokeTarget {
  const tableName = run.authorizerEnvironment.GATEHOUSE_TABLE_NAME;
  if (!tableName) throw new CliError('the local run did not say which table it serves');
  const environment = localEnvironmentOf().name;
  return {
    environment: `${environment} (local run)`,
    dynamodb: new DynamoDBClient({
      region: LOCAL_AWS_ENV.AWS_REGION,
      endpoint: run.dynamodbEndpoint,
      credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
    }),
    tableName,
    recordTtlSeconds: Number(run.authorizerEnvironment.GATEHOUSE_RECORD_TTL_SECONDS ?? DEFAULT_RECORD_TTL_SECONDS),
    flush: async () => `local gateways' authorizer caches (${await flushLocalRun(run.admin)} cached results)`,
    who: operator(localUser),
    keyHashOf: keyHashFrom(options.clientsDir, environment),
  };
}
