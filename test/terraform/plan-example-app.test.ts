/**
 * Real Terraform on every stack the example app synthesizes: `terraform validate`, and `terraform plan`
 * offline (AWS stack: dummy credentials via an override file; local stack: an endpoint nothing listens
 * on, which a plan from empty state never calls).
 */
import { LOCAL_STACK, PLATFORM_STACK } from '../../stacks/app/gatehouse-app';
import { synthesizeApp } from '../../local/local-stack';
import { demoMaterial } from '../../stacks/app/demo-material';
import { runTerraform, terraformEnvironment, terraformInit } from '../../local/terraform';
import { writeOfflineProviderOverride } from '../../local/terraform';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

// The AWS stack with everything the example app can show, the mutual-TLS domain and the HTTP API
// included; state stays local (nothing is applied).
const synthesized = synthesizeApp(testTempDir('gatehouse-plan'), {
  localState: 'allow',
  httpApi: true,
  mutualTls: { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem },
});
const env = terraformEnvironment();

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
  it('plans the AWS platform stack offline', async () => {
    writeOfflineProviderOverride(synthesized.stackDir(PLATFORM_STACK));
    awsPlan = await planOf(PLATFORM_STACK, []);
    const counts = countByType(awsPlan);
    expect(counts).toMatchObject({
      aws_dynamodb_table: 1,
      aws_dynamodb_table_item: synthesized.app.platform.catalog.keys.length,
      aws_lambda_function: 2, // the authorizer, and the demo HTTP API's echo backend
      aws_iam_role: 2,
      aws_iam_role_policy: 1,
      aws_cloudwatch_log_group: 1,
      aws_api_gateway_authorizer: 1,
      aws_api_gateway_usage_plan: synthesized.app.platform.catalog.policies.length,
      aws_api_gateway_api_key: synthesized.app.platform.catalog.clients.filter((client) => client.policy).length,
      aws_api_gateway_domain_name: 1,
      aws_api_gateway_base_path_mapping: 1,
      aws_s3_bucket: 1,
      aws_s3_object: 1,
      aws_apigatewayv2_api: 1,
      aws_apigatewayv2_authorizer: 1,
      aws_apigatewayv2_route: synthesized.app.platform.catalog.api.routes.length,
      aws_apigatewayv2_stage: 1,
      aws_apigatewayv2_integration: 1,
      aws_lambda_permission: 3, // the REST and the HTTP API's authorizers, and the HTTP API's backend
    });
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

  it('plans the local stack', async () => {
    const counts = countByType(await planOf(LOCAL_STACK, ['-var=dynamodb_endpoint=http://127.0.0.1:9']));
    expect(counts).toEqual({ aws_dynamodb_table: 1, aws_dynamodb_table_item: synthesized.app.localData.catalog.keys.length });
  });
});
