/**
 * Real Terraform on every stack the example app synthesizes: `terraform validate`, and `terraform plan`
 * offline, for every environment (AWS stacks: dummy credentials via an override file, and for client
 * groups the platform outputs' placeholders over an empty platform state; local stack: an endpoint nothing
 * listens on, which a plan from empty state never calls).
 */
import { LOCAL_STACK } from '../../stacks/app/gatehouse-app';
import { synthesizeApp } from '../../local/local-stack';
import { demoMaterial } from '../../stacks/app/demo-material';
import { runTerraform, terraformEnvironment, terraformInit } from '../../local/terraform';
import { writeEmptyState, writeOfflineProviderOverride } from '../../local/terraform';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

// The AWS stack with everything the example app can show, the mutual-TLS domain and the HTTP API
// included; state stays local (nothing is applied).
const synthesized = synthesizeApp(testTempDir('gatehouse-plan'), {
  localState: 'allow',
  platformOutputDefaults: true,
  httpApi: true,
  mutualTls: { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem },
});
const env = terraformEnvironment();
const [firstEnvironment] = synthesized.app.environments;

interface PlanJson {
  resource_changes: { type: string; change: { actions: string[]; after: Record<string, unknown> } }[];
  configuration: { root_module: { resources: { address: string; type: string; depends_on?: string[] }[] } };
}

async function planOf(stack: string, extraArgs: string[]): Promise<PlanJson> {
  const dir = synthesized.stackDir(stack);
  await terraformInit(dir, env);
  const validate = JSON.parse((await runTerraform(['validate', '-json', '-no-color'], { cwd: dir, env })).stdout) as { valid: boolean; error_count: number };
  expect(validate).toMatchObject({ valid: true, error_count: 0 });
  await runTerraform(['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin', ...extraArgs], { cwd: dir, env });
  return JSON.parse((await runTerraform(['show', '-json', 'plan.bin'], { cwd: dir, env })).stdout) as PlanJson;
}

function countByType(plan: PlanJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of plan.resource_changes) {
    expect(change.change.actions).toEqual(['create']);
    counts[change.type] = (counts[change.type] ?? 0) + 1;
  }
  return counts;
}

let awsPlan: PlanJson;

describe('terraform validate and plan', () => {
  it.each(synthesized.app.environments.map((environment) => [environment.settings.name, environment] as const))('plans the %s platform stack offline', async (_name, environment) => {
    const stack = environment.platformStack.node.id;
    writeOfflineProviderOverride(synthesized.stackDir(stack));
    const plan = await planOf(stack, []);
    if (environment === firstEnvironment) awsPlan = plan;
    const counts = countByType(plan);
    const { catalog } = environment.platform;
    expect(counts).toMatchObject({
      aws_dynamodb_table: 1,
      aws_lambda_function: 2, // the authorizer, and the demo HTTP API's echo backend
      aws_iam_role: 2,
      aws_iam_role_policy: 1,
      aws_cloudwatch_log_group: 1,
      aws_api_gateway_authorizer: 1,
      aws_api_gateway_domain_name: 1,
      aws_api_gateway_base_path_mapping: 1,
      aws_s3_bucket: 1,
      aws_s3_object: 1,
      aws_apigatewayv2_api: 1,
      aws_apigatewayv2_authorizer: 1,
      aws_apigatewayv2_route: catalog.api.routes.length,
      aws_apigatewayv2_stage: 1,
      aws_apigatewayv2_integration: 1,
      aws_lambda_permission: 3, // the REST and the HTTP API's authorizers, and the HTTP API's backend
      // Monitoring, on by default (stacks/constructs/platform-monitoring.ts).
      aws_sns_topic: 1,
      aws_cloudwatch_metric_alarm: 7,
      aws_cloudwatch_dashboard: 1,
    });
    // Usage plans of the shared policies live here; the items and API keys live in the group stacks.
    expect(counts.aws_api_gateway_usage_plan).toBe(catalog.policies.length);
    expect(counts.aws_dynamodb_table_item).toBeUndefined();
    expect(counts.aws_api_gateway_api_key).toBeUndefined();
  });

  it.each(synthesized.app.environments.map((environment) => [environment.settings.name, environment] as const))('plans the %s client-group stacks offline, reading the platform outputs', async (_name, environment) => {
    writeEmptyState(synthesized.stackDir(environment.platformStack.node.id));
    let items = 0;
    let apiKeys = 0;
    for (const { stack } of environment.groups.values()) {
      writeOfflineProviderOverride(synthesized.stackDir(stack.node.id));
      const counts = countByType(await planOf(stack.node.id, []));
      items += counts.aws_dynamodb_table_item ?? 0;
      apiKeys += counts.aws_api_gateway_api_key ?? 0;
      expect(counts.aws_dynamodb_table).toBeUndefined();
      expect(counts.aws_lambda_function).toBeUndefined();
    }
    const { catalog } = environment.platform;
    expect(items).toBe(catalog.keys.length);
    expect(apiKeys).toBe(catalog.clients.filter((client) => client.policy).length);
  });

  it('plans the HTTP API\'s authorizer as Gatehouse configures it, every route behind it', () => {
    const after = (type: string) => awsPlan.resource_changes.filter((change) => change.type === type).map((change) => change.change.after);
    expect(after('aws_apigatewayv2_authorizer')).toEqual([
      expect.objectContaining({
        authorizer_type: 'REQUEST',
        authorizer_payload_format_version: '2.0',
        enable_simple_responses: true,
        identity_sources: expect.arrayContaining(['$request.header.Authorization', '$context.identity.sourceIp', '$context.routeKey']),
        authorizer_result_ttl_in_seconds: 300,
      }),
    ]);
    expect(after('aws_apigatewayv2_route').every((route) => route.authorization_type === 'CUSTOM')).toBe(true);
  });

  it('orders the stage deployment after every gateway response and authorizer, as Terraform reads it', () => {
    const resources = awsPlan.configuration.root_module.resources;
    const [deployment] = resources.filter((resource) => resource.type === 'aws_api_gateway_deployment');
    const mustPrecede = resources.filter((resource) => ['aws_api_gateway_gateway_response', 'aws_api_gateway_authorizer'].includes(resource.type)).map((resource) => resource.address);
    expect(mustPrecede.length).toBeGreaterThanOrEqual(2);
    expect(deployment?.depends_on).toEqual(expect.arrayContaining(mustPrecede));
  });

  it('plans the local stack: its table only (the local run loads the items in bulk)', async () => {
    const counts = countByType(await planOf(LOCAL_STACK, ['-var=dynamodb_endpoint=http://127.0.0.1:9']));
    expect(counts).toEqual({ aws_dynamodb_table: 1 });
  });
});
