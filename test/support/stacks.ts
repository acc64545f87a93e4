/** Stacks for construct tests: a platform over a minimal REST API, or local data, in a throwaway app. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_TMP_ROOT } from './temporary';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { TEST_API_ROUTES } from './api';
import { collectProblems, type ReportedProblem } from '../../stacks/app/annotations';
import { GatehouseLocalData } from '../../stacks/constructs/gatehouse-local-data';
import { GatehousePlatform, type GatehousePlatformProps } from '../../stacks/constructs/gatehouse-platform';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { buildGatehouseApp, type GatehouseApp, type GatehouseAppOptions } from '../../stacks/app/gatehouse-app';
import type { EnvironmentSettings } from '../../stacks/model/environment';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized stack as parsed JSON: `resource[type][name]`. */
export function synthResources(stack: TerraformStack): Resources {
  const document = JSON.parse(Testing.synth(stack)) as { resource: Resources; locals?: Record<string, unknown> };
  localsOf.set(document.resource, document.locals ?? {});
  return document.resource;
}

/** The Terraform locals of each synthesized stack, which for_each maps are read from. */
const localsOf = new WeakMap<Resources, Record<string, unknown>>();

export function resourcesOfType(resources: Resources, type: string): Record<string, unknown>[] {
  return Object.values(resources[type] ?? {});
}

/** The instances of `for_each` resources of a type, by their key: what Terraform will track one by one. */
export function instancesOf(resources: Resources, type: string): Record<string, unknown> {
  const locals = localsOf.get(resources) ?? {};
  const mapOf = (forEach: unknown) => {
    const local = typeof forEach === 'string' ? /^\$\{local\.([\w-]+)\}$/.exec(forEach)?.[1] : undefined;
    return (local === undefined ? forEach : locals[local]) as Record<string, unknown>;
  };
  return Object.assign({}, ...resourcesOfType(resources, type).map((resource) => mapOf(resource.for_each)));
}

/** A cdktf app writing under the test run's temporary root. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ outdir: testOutdir(), context });
}

/** A synth output folder under the test run's temporary root, which global teardown removes. */
export function testOutdir(): string {
  mkdirSync(TEST_TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TEST_TMP_ROOT, 'synth-'));
}

export function testPlatform(
  declare: (scope: Construct, platform: GatehousePlatform) => void,
  {
    restApiKeySource = 'AUTHORIZER',
    disableExecuteApiEndpoint,
    now,
    ...props
  }: Partial<GatehousePlatformProps> & { restApiKeySource?: string; disableExecuteApiEndpoint?: boolean; now?: string } = {},
) {
  const app = new App({ outdir: testOutdir(), context: now ? { 'gatehouse:now': now } : {} });
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const restApi = new ApiGatewayRestApi(stack, 'api', { name: 'orders', apiKeySource: restApiKeySource, disableExecuteApiEndpoint });
  const platform = new GatehousePlatform(stack, 'platform', { restApi, stageName: 'prod', apiRoutes: TEST_API_ROUTES, authorizerBundleDir: AUTHORIZER_BUNDLE_DIR, ...props });
  declare(platform.clients, platform);
  return { app, stack, platform };
}

export interface SynthOutcome {
  /** The message `cdktf synth` fails with, or undefined when it succeeds. */
  readonly failure: string | undefined;
  readonly problems: ReportedProblem[];
  readonly errors: ReportedProblem[];
  readonly warnings: ReportedProblem[];
}

/** Synthesizes for real, as `cdktf synth` does, and collects the problems. */
export function synthOutcome(app: App): SynthOutcome {
  const problems = collectProblems(app);
  let failure: string | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = (error as Error).message;
  }
  return { failure, problems, errors: problems.filter((problem) => problem.level === 'error'), warnings: problems.filter((problem) => problem.level === 'warning') };
}

/** A fixed synth clock for tests that judge dates. */
export const TEST_NOW = '2026-06-01T00:00:00Z';

/** Declares into local data, then synthesizes for real, as `cdktf synth` does. */
export function synthLocal(declare: (scope: Construct) => void, options: { apiRoutes?: readonly string[]; now?: string } = {}): SynthOutcome {
  const app = new App({ outdir: testOutdir(), context: options.now ? { 'gatehouse:now': options.now } : {} });
  const stack = new TerraformStack(app, 'local');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const data = new GatehouseLocalData(stack, 'data', { apiRoutes: options.apiRoutes ?? TEST_API_ROUTES });
  declare(data.clients);
  return synthOutcome(app);
}

/** Two environments of the demo API, as an app with staging and production declares them. */
export const TWO_ENVIRONMENTS: readonly EnvironmentSettings[] = [
  { name: 'staging', region: 'eu-west-1', api: { kind: 'demo' } },
  { name: 'production', region: 'eu-west-1', api: { kind: 'demo' } },
];

/** Client files in every environment's stacks (and the local stack), synthesized as `cdktf synth` does. */
export function synthEnvironments(files: readonly ClientFile[], environments: readonly EnvironmentSettings[] = TWO_ENVIRONMENTS, options: GatehouseAppOptions = {}): SynthOutcome & { built: GatehouseApp } {
  const app = testApp();
  const built = buildGatehouseApp(app, { clientFiles: files, environments, localState: 'allow', ...options });
  return { ...synthOutcome(app), built };
}
