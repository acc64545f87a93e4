/**
 * The example app: the same client files, in every environment, as Terraform stacks.
 *
 *   gatehouse-<environment>            the platform: key table, authorizer, API wiring, usage plans
 *   gatehouse-<environment>-<group>    a client group's items and usage-plan keys (the top-level files
 *                                      are the group `clients`; a team's subfolder is a group of its own)
 *   gatehouse-local                    one environment's table, for a DynamoDB on 127.0.0.1, and its items,
 *                                      which the local run loads in bulk (local/key-items.ts)
 *
 * A pull request touching one team's file changes that team's stacks only; `cdktf deploy
 * 'gatehouse-staging*'` deploys an environment whole, platform first (the groups read its outputs).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, Fn, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { declareApiCatalog } from '../api-catalog';
import { reportProblems } from '../constructs/catalog-host';
import { GatehouseClientGroup } from '../constructs/gatehouse-client-group';
import { GatehouseLocalData } from '../constructs/gatehouse-local-data';
import { GatehousePlatform } from '../constructs/gatehouse-platform';
import { ENVIRONMENTS } from '../environments';
import type { AuthorizerSettings } from '../../record/authorizer-settings';
import type { EnvironmentContext, EnvironmentSettings, MutualTlsDomainSettings } from '../model/environment';
import { stateKey } from '../model/environment';
import { CROSS_ENVIRONMENT_RULES, ENVIRONMENT_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import { type ClientFile, declareClientFiles, groupsOf, loadClientFiles } from './clients-folder';
import { DemoHttpApi } from './demo-http-api';
import { demoMaterial } from './demo-material';
import { DEMO_ROUTES, DemoRestApi } from './demo-rest-api';
import { localDynamoStack } from './local-dynamodb-stack';
import { configureStateBackend, remoteStateOf } from './state-backend';

/** The demo API's routes as the policy compiler reads them. */
export const DEMO_API_ROUTES = DEMO_ROUTES.map(([method, path]) => `${method} ${path}`);

export const LOCAL_STACK = 'gatehouse-local';
/** The prefix of an environment's resource names: its own, or `gatehouse-<environment>`. */
export const platformNamePrefix = (settings: EnvironmentSettings) => settings.platform?.namePrefix ?? `gatehouse-${settings.name}`;
export const platformStackName = (environment: string) => `gatehouse-${environment}`;
export const groupStackName = (environment: string, group: string) => `gatehouse-${environment}-${group}`;

/** The environment variable choosing which environment the local run serves. */
export const LOCAL_ENVIRONMENT_VARIABLE = 'GATEHOUSE_LOCAL_ENVIRONMENT';

export interface GatehouseAppOptions {
  /** Default: stacks/environments.ts. */
  readonly environments?: readonly EnvironmentSettings[];
  /** Default: the files of stacks/clients/. */
  readonly clientFiles?: readonly ClientFile[];
  /** The environment the local stack serves. Default: GATEHOUSE_LOCAL_ENVIRONMENT, else the first. */
  readonly localEnvironment?: string;
  /** Authorizer settings for every environment and the local run, over each environment's own. */
  readonly authorizer?: AuthorizerSettings;
  readonly authorizerBundleDir?: string;
  /** S3 bucket for Terraform state, for environments that name none. Default: GATEHOUSE_STATE_BUCKET. */
  readonly stateBucket?: string;
  /** `'allow'`: keep Terraform state in local files (trying it out only). Default: GATEHOUSE_LOCAL_STATE. */
  readonly localState?: 'allow';
  /**
   * Placeholder platform outputs for client-group stacks to plan with before their platform stack was
   * ever applied (offline plans in tests and benchmarks). Never for real deploys.
   */
  readonly platformOutputDefaults?: boolean;
  /**
   * A mutual-TLS domain for every environment that declares none. Default: when GATEHOUSE_MTLS_DOMAIN and
   * GATEHOUSE_MTLS_CERTIFICATE_ARN are set, that domain, trusting the demo CA.
   */
  readonly mutualTls?: MutualTlsDomainSettings;
  /** Serve the demo API as an HTTP API too, behind the same authorizer. Default: GATEHOUSE_DEMO_HTTP_API=true. */
  readonly httpApi?: boolean;
}

export interface EnvironmentStacks {
  readonly settings: EnvironmentSettings;
  readonly context: EnvironmentContext;
  readonly platformStack: TerraformStack;
  readonly platform: GatehousePlatform;
  /** The client groups' stacks, by group name. */
  readonly groups: ReadonlyMap<string, { readonly stack: TerraformStack; readonly group: GatehouseClientGroup }>;
}

export interface GatehouseApp {
  readonly environments: readonly EnvironmentStacks[];
  /** The environment the local stack serves. */
  readonly localEnvironment: string;
  readonly localStack: TerraformStack;
  readonly localData: GatehouseLocalData;
}

export function buildGatehouseApp(app: App, options: GatehouseAppOptions = {}): GatehouseApp {
  const files = options.clientFiles ?? loadClientFiles();
  const environments = buildEnvironmentStacks(app, files, options);
  return { environments, ...buildLocalStack(app, files, options) };
}

function mutualTlsFromEnvironment(): MutualTlsDomainSettings | undefined {
  const domainName = process.env.GATEHOUSE_MTLS_DOMAIN;
  const certificateArn = process.env.GATEHOUSE_MTLS_CERTIFICATE_ARN;
  if (!domainName || !certificateArn) return undefined;
  return { domainName, certificateArn, truststorePem: demoMaterial().pki.caPem };
}

function environmentsOf(options: GatehouseAppOptions): readonly EnvironmentSettings[] {
  const environments = options.environments ?? ENVIRONMENTS;
  if (environments.length === 0) throw new Error('no environments are declared: declare at least one in stacks/environments.ts');
  return environments;
}

/** The platform and client-group stacks of every environment. */
export function buildEnvironmentStacks(app: App, files: readonly ClientFile[], options: GatehouseAppOptions = {}): EnvironmentStacks[] {
  const environments = environmentsOf(options);
  const all = [...new Set(environments.map((environment) => environment.name))];
  // A second environment of one name would collide with the first's stacks: it is reported, not built.
  const distinct = environments.filter((environment, index) => environments.findIndex((other) => other.name === environment.name) === index);
  refuseStackNameCollisions(distinct, [...groupsOf(files).keys()]);
  const built = distinct.map((settings) => buildEnvironment(app, files, settings, { name: settings.name, all }, options));
  built.forEach(({ platform, settings }) => reportProblems(platform, runRules(ENVIRONMENT_RULES, { settings, all: environments }, undefined), settings.platform?.suppressions));
  checkKeysAcrossEnvironments(built);
  return built;
}

function providerFor(stack: TerraformStack, settings: EnvironmentSettings): void {
  new AwsProvider(stack, 'aws', {
    region: settings.region,
    // Credentials of any other account are refused, so one environment's role never deploys another.
    allowedAccountIds: settings.account ? [settings.account] : undefined,
    defaultTags: [{ tags: { 'managed-by': 'gatehouse', 'gatehouse-environment': settings.name } }],
  });
}

function buildEnvironment(app: App, files: readonly ClientFile[], settings: EnvironmentSettings, context: EnvironmentContext, options: GatehouseAppOptions): EnvironmentStacks {
  const stackOf = (name: string) => {
    const stack = new TerraformStack(app, name);
    const location = configureStateBackend(stack, { stateBucket: settings.state?.bucket ?? options.stateBucket, localState: options.localState, region: settings.region, key: stateKey(settings, name) });
    providerFor(stack, settings);
    return { stack, location };
  };
  const { stack: platformStack, location: platformState } = stackOf(platformStackName(settings.name));
  const mutualTls = settings.platform?.mutualTls ?? options.mutualTls ?? mutualTlsFromEnvironment();
  const shared = {
    environment: context,
    namePrefix: platformNamePrefix(settings),
    authorizer: { ...settings.platform?.authorizer, ...options.authorizer },
    authorizerBundleDir: options.authorizerBundleDir,
    resultCacheTtlSeconds: settings.platform?.resultCacheTtlSeconds,
    logRetentionDays: settings.platform?.logRetentionDays,
    memorySize: settings.platform?.memorySize,
    deletionProtection: settings.platform?.deletionProtection,
    exposeDenyReasons: settings.platform?.exposeDenyReasons,
    suppressions: settings.platform?.suppressions,
    monitoring: settings.platform?.monitoring,
    mutualTls,
  };
  let platform: GatehousePlatform;
  let stage: { restApiId: string; stageName: string };
  if (settings.api.kind === 'existing') {
    const { restApiId, stageName, routes } = settings.api;
    const executionArn = `arn:aws:execute-api:${settings.region}:${settings.account ?? '*'}:${restApiId}`;
    platform = new GatehousePlatform(platformStack, 'platform', { ...shared, restApi: { id: restApiId, executionArn }, stageName, apiRoutes: routes });
    stage = { restApiId, stageName };
  } else {
    const demoApi = new DemoRestApi(platformStack, 'demo-api', { mutualTls: mutualTls !== undefined });
    platform = new GatehousePlatform(platformStack, 'platform', { ...shared, restApi: demoApi.restApi, stageName: demoApi.stageName, apiRoutes: DEMO_API_ROUTES });
    demoApi.protectWith(platform);
    if (options.httpApi ?? process.env.GATEHOUSE_DEMO_HTTP_API === 'true') new DemoHttpApi(platformStack, 'demo-http-api').protectWith(platform);
    stage = { restApiId: demoApi.restApi.id, stageName: demoApi.stageName };
  }
  // What `gatehouse flush` and `revoke` need to flush the stage's authorizer cache (docs/operations.md).
  new TerraformOutput(platformStack, 'rest_api_id', { value: stage.restApiId });
  new TerraformOutput(platformStack, 'stage_name', { value: stage.stageName });
  const catalog = declareApiCatalog(platform.catalogScope, context);

  // What client groups read of the platform, through its state: the table and the usage plans.
  new TerraformOutput(platformStack, 'key_table_name', { value: platform.keyTable.table.name });
  new TerraformOutput(platformStack, 'usage_plan_ids', { value: Lazy.anyValue({ produce: () => platform.usagePlanIds() }) });
  const placeholders = options.platformOutputDefaults ? { key_table_name: `${shared.namePrefix}-keys`, usage_plan_ids: Lazy.anyValue({ produce: () => Object.fromEntries(Object.keys(platform.usagePlanIds()).map((name) => [name, 'offline-plan'])) }) } : undefined;

  const groups = new Map<string, { stack: TerraformStack; group: GatehouseClientGroup }>();
  for (const [name, groupFiles] of groupsOf(files)) {
    const { stack } = stackOf(groupStackName(settings.name, name));
    stack.addDependency(platformStack); // deployed after the platform, whose outputs it reads
    const outputs = remoteStateOf(stack, 'platform', platformState, platformStack.node.id, placeholders);
    const planIds = new Map<string, string>(); // one reference per policy, not per client
    const group = new GatehouseClientGroup(stack, 'group', {
      platform,
      tableName: outputs.getString('key_table_name'),
      usagePlanId: (policy) => {
        if (!planIds.has(policy)) planIds.set(policy, Fn.lookup(outputs.get('usage_plan_ids'), policy) as string);
        return planIds.get(policy) as string;
      },
    });
    declareClientFiles(group.clients, groupFiles, catalog, context);
    groups.set(name, { stack, group });
  }
  return { settings, context, platformStack, platform, groups };
}

/**
 * Stack names join environment and group with `-`, so environment `staging-eu` and staging's group `eu`
 * would both be `gatehouse-staging-eu`: two stacks of one name, sharing a state key. Refused before any
 * stack is built, naming both and how to tell them apart (cdktf would only say a construct name is taken).
 */
function refuseStackNameCollisions(environments: readonly EnvironmentSettings[], groups: readonly string[]): void {
  const owners = new Map<string, string>();
  for (const { name } of environments) {
    for (const [stack, owner] of [[platformStackName(name), `the platform of environment "${name}"`], ...groups.map((group) => [groupStackName(name, group), `client group "${group}" of environment "${name}"`])] as const) {
      const other = owners.get(stack);
      if (other) throw new Error(`stack ${stack} would be built twice: for ${other} and for ${owner}. Fix: rename the environment in stacks/environments.ts or the group's folder in stacks/clients/ so that no environment's name is another's name, a dash and a group`);
      owners.set(stack, owner);
    }
  }
}

/** A token opens one environment at most: one hash declared for keys of two environments is an error. */
function checkKeysAcrossEnvironments(environments: readonly EnvironmentStacks[]): void {
  const first = new Map<string, { environment: string; key: string; client: string }>();
  for (const { settings, platform } of environments) {
    for (const key of platform.catalog.keys) {
      if (key.keyHash === undefined) continue;
      const other = first.get(key.keyHash);
      if (!other) {
        first.set(key.keyHash, { environment: settings.name, key: key.name, client: key.client.name });
      } else if (other.environment !== settings.name) {
        const construct = platform.constructOf(key);
        if (construct) reportProblems(construct, runRules(CROSS_ENVIRONMENT_RULES, { value: `sha256:${key.keyHash}`, other }, undefined), key.settings.suppressions);
      }
    }
  }
}

/** The environment the local run serves: named in the options or GATEHOUSE_LOCAL_ENVIRONMENT, else the first. */
export function localEnvironmentOf(options: GatehouseAppOptions = {}): EnvironmentSettings {
  const environments = environmentsOf(options);
  const wanted = options.localEnvironment ?? process.env[LOCAL_ENVIRONMENT_VARIABLE];
  if (wanted === undefined || wanted === '') return environments[0] as EnvironmentSettings;
  const found = environments.find((environment) => environment.name === wanted);
  if (!found) throw new Error(`${LOCAL_ENVIRONMENT_VARIABLE}=${wanted}: no such environment; the app has ${environments.map((environment) => environment.name).join(', ')}`);
  return found;
}

/**
 * The local stack alone: what a local run deploys, for one environment. It may hold what only a local
 * run can use (an identity provider on 127.0.0.1), which the AWS stacks refuse.
 */
export function buildLocalStack(app: App, files: readonly ClientFile[], options: GatehouseAppOptions = {}): Pick<GatehouseApp, 'localStack' | 'localData' | 'localEnvironment'> {
  const settings = localEnvironmentOf(options);
  const context = { name: settings.name, all: environmentsOf(options).map((environment) => environment.name) };
  const localStack = localDynamoStack(app, LOCAL_STACK, settings.region);
  const apiRoutes = settings.api.kind === 'existing' ? settings.api.routes : DEMO_API_ROUTES;
  const localData = new GatehouseLocalData(localStack, 'data', { apiRoutes, environment: context, authorizer: { ...settings.platform?.authorizer, ...options.authorizer } });
  const catalog = declareApiCatalog(localData.catalogScope, context);
  declareClientFiles(localData.clients, files, catalog, context);
  return { localStack, localData, localEnvironment: settings.name };
}
