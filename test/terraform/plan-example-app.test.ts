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

// The AWS stack with everything the example app can show, the mutual-TLS domain included.
const synthesized = synthesizeApp(testTempDir('gatehouse-plan'), {
  mutualTls: { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem },
});
const env = terraformEnvironment();

interface PlanJson {
  resource_changes: { type: string; change: { actions: string[] } }[];
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

describe('terraform validate and plan', () => {
  it('plans the AWS platform stack offline', async () => {
    writeOfflineProviderOverride(synthesized.stackDir(PLATFORM_STACK));
    const counts = countByType(await planOf(PLATFORM_STACK, []));
    expect(counts).toMatchObject({
      aws_dynamodb_table: 1,
      aws_dynamodb_table_item: synthesized.app.platform.catalog.keys.length,
      aws_lambda_function: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_cloudwatch_log_group: 1,
      aws_api_gateway_authorizer: 1,
      aws_api_gateway_usage_plan: synthesized.app.platform.catalog.policies.length,
      aws_api_gateway_api_key: synthesized.app.platform.catalog.clients.filter((client) => client.policy).length,
      aws_api_gateway_domain_name: 1,
      aws_api_gateway_base_path_mapping: 1,
      aws_s3_bucket: 1,
      aws_s3_object: 1,
    });
  });

  it('plans the local stack', async () => {
    const counts = countByType(await planOf(LOCAL_STACK, ['-var=dynamodb_endpoint=http://127.0.0.1:9']));
    expect(counts).toEqual({ aws_dynamodb_table: 1, aws_dynamodb_table_item: synthesized.app.localData.catalog.keys.length });
  });
});
