/** Stacks for construct tests: a platform over a minimal REST API, or local data, in a throwaway app. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { TEST_API_ROUTES } from './api';
import { collectProblems } from '../../stacks/app/annotations';
import { GatehouseLocalData } from '../../stacks/constructs/gatehouse-local-data';
import { GatehousePlatform, type GatehousePlatformProps } from '../../stacks/constructs/gatehouse-platform';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized stack as parsed JSON: `resource[type][name]`. */
export function synthResources(stack: TerraformStack): Resources {
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

export function resourcesOfType(resources: Resources, type: string): Record<string, unknown>[] {
  return Object.values(resources[type] ?? {});
}

export function testPlatform(
  declare: (scope: Construct, platform: GatehousePlatform) => void,
  { restApiKeySource = 'AUTHORIZER', ...props }: Partial<GatehousePlatformProps> & { restApiKeySource?: string } = {},
) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'gatehouse-synth-')) });
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const restApi = new ApiGatewayRestApi(stack, 'api', { name: 'orders', apiKeySource: restApiKeySource });
  const platform = new GatehousePlatform(stack, 'platform', { restApi, stageName: 'prod', apiRoutes: TEST_API_ROUTES, authorizerBundleDir: AUTHORIZER_BUNDLE_DIR, ...props });
  declare(platform.clients, platform);
  return { app, stack, platform };
}

export interface SynthOutcome {
  /** The message `cdktf synth` fails with, or undefined when it succeeds. */
  readonly failure: string | undefined;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Declares into local data, then synthesizes for real, as `cdktf synth` does. */
export function synthLocal(declare: (scope: Construct) => void): SynthOutcome {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'gatehouse-synth-')) });
  const stack = new TerraformStack(app, 'local');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const data = new GatehouseLocalData(stack, 'data', { apiRoutes: TEST_API_ROUTES });
  declare(data.clients);
  const problems = collectProblems(stack);
  let failure: string | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = (error as Error).message;
  }
  return {
    failure,
    errors: problems.filter((problem) => problem.level === 'error').map((problem) => `[${problem.path}] ${problem.message}`),
    warnings: problems.filter((problem) => problem.level === 'warning').map((problem) => `[${problem.path}] ${problem.message}`),
  };
}
