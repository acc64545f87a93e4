/**
 * What GatehousePlatform and GatehouseLocalData synthesize, read from the Terraform JSON: the table,
 * its items (decoded back through the record module), the Lambda, its least-privilege role, the
 * authorizer, usage plans and API keys.
 */
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import type { Construct } from 'constructs';
import { declaredKeyHash, hashApiKeyToken, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import { AccessPolicy, ApiClient, ApiCollection, ApiKey, ClientAuth, GatehouseLocalData, HmacSecret } from '../../stacks/gatehouse';
import { LOCAL_KEY_ITEMS } from '../../stacks/constructs/gatehouse-local-data';
import { TEST_API_ROUTES } from '../support/api';
import { rsaKeyPair } from '../support/keys';
import { instancesOf, resourcesOfType, synthResources, testPlatform } from '../support/stacks';

Testing.setupJest();

const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const SECRET_A = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-hmac-AbCdEf';
const SECRET_B = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:reports-hmac-GhIjKl';
const tokens = { acmeProd: mintApiKeyToken(), acmeCi: mintApiKeyToken(), billing: mintApiKeyToken() };

function declareClients(scope: Construct): void {
  const standard = new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 50, burst: 100 }, quota: { limit: 100_000, period: 'MONTH' } });
  const trial = new AccessPolicy(scope, 'trial', { rateLimit: { requestsPerSecond: 1, burst: 2 } });
  const orders = new ApiCollection(scope, 'orders', { routes: ['GET /orders', 'GET /orders/{id}'] });
  const acme = new ApiClient(scope, 'acme', { description: 'Acme sync', owner: 'team-a', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), policy: standard, collections: [orders] });
  new ApiKey(scope, 'acme-prod', { client: acme, tokenHash: declaredKeyHash(tokens.acmeProd), allowedIps: ['10.0.0.0/8'], blockedIps: ['10.0.0.66'] });
  new ApiKey(scope, 'acme-ci', { client: acme, tokenHash: declaredKeyHash(tokens.acmeCi), enabled: false });
  const billing = new ApiClient(scope, 'billing', {
    description: 'Billing export',
    owner: 'team-b',
    auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(SECRET_A), HmacSecret.fromSecretsManager(SECRET_B, { jsonField: 'next' })] }),
    policy: trial,
    collections: [orders],
  });
  new ApiKey(scope, 'billing-main', { client: billing, tokenHash: declaredKeyHash(tokens.billing) });
}

describe('GatehousePlatform', () => {
  const { stack } = testPlatform(declareClients);
  const synthesized = Testing.synth(stack);
  const resources = synthResources(stack);

  it('creates an on-demand, encrypted, recoverable, protected key table', () => {
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
      name: 'gatehouse-keys',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'keyHash',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
  });

  it('writes one item per API key, each a valid record holding no token and no secret', () => {
    const items = instancesOf(resources, 'aws_dynamodb_table_item');
    expect(Object.keys(items).sort()).toEqual(['acme--acme-ci', 'acme--acme-prod', 'billing--billing-main']);
    expect(resourcesOfType(resources, 'aws_dynamodb_table_item')[0]).toMatchObject({ hash_key: 'keyHash', item: '${each.value}' });
    const records = Object.values(items).map((item) => decodeKeyRecord(JSON.parse(item as string)));
    expect(records.map((record) => `${record.client.name}/${record.key.name}`).sort()).toEqual(['acme/acme-ci', 'acme/acme-prod', 'billing/billing-main']);
    const acmeProd = records.find((record) => record.key.name === 'acme-prod');
    expect(acmeProd?.key).toMatchObject({ allowedIps: ['10.0.0.0/8'], blockedIps: ['10.0.0.66'], enabled: true });
    expect(records.find((record) => record.key.name === 'acme-ci')?.key.enabled).toBe(false);
    expect(records.find((record) => record.key.name === 'billing-main')?.client.auth).toEqual({ method: 'hmac', secretRefs: [SECRET_A, `${SECRET_B}#next`] });
    for (const token of Object.values(tokens)) expect(synthesized).not.toContain(token);
  });

  it('deploys the authorizer bundle on nodejs22.x, arm64, with its log group', () => {
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, { runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler' });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { name: '/aws/lambda/gatehouse-authorizer', retention_in_days: 90 });
    const [fn] = resourcesOfType(resources, 'aws_lambda_function');
    expect((fn?.environment as { variables: Record<string, string> }).variables.GATEHOUSE_TABLE_NAME).toMatch(/^\$\{aws_dynamodb_table\..*\.name\}$/);
  });

  it('grants the authorizer exactly GetItem on its table, the referenced secrets and its own log writes', () => {
    const [rolePolicy] = resourcesOfType(resources, 'aws_iam_role_policy');
    const document = JSON.parse(rolePolicy?.policy as string) as { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] };
    const grants = document.Statement.map((statement) => ({ effect: statement.Effect, actions: [statement.Action].flat().sort(), resources: [statement.Resource].flat().sort() }));
    expect(grants).toEqual([
      { effect: 'Allow', actions: ['dynamodb:GetItem'], resources: [expect.stringMatching(/^\$\{aws_dynamodb_table\.[^.]+\.arn\}$/)] },
      { effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}:\*$/)] },
      { effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: [SECRET_A, SECRET_B] },
    ]);
    for (const grant of grants) for (const resource of grant.resources) expect(resource).not.toBe('*');
    expect(resourcesOfType(resources, 'aws_iam_role_policy_attachment')).toHaveLength(0);
    const [role] = resourcesOfType(resources, 'aws_iam_role');
    expect(JSON.parse(role?.assume_role_policy as string).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  it('grants no secret at all when no client references one', () => {
    const { stack: rsaOnly } = testPlatform((scope) => {
      new ApiClient(scope, 'acme', { description: 'Acme sync', owner: 'team-a', auth: ClientAuth.rsa({ publicKeys: [publicPem] }) });
    });
    const [rolePolicy] = resourcesOfType(synthResources(rsaOnly), 'aws_iam_role_policy');
    expect(rolePolicy?.policy).not.toContain('secretsmanager');
  });

  it('wires a REQUEST authorizer keyed on the token and the source address', () => {
    expect(synthesized).toHaveResourceWithProperties(ApiGatewayAuthorizer, {
      type: 'REQUEST',
      identity_source: 'method.request.header.Authorization,context.identity.sourceIp',
      authorizer_result_ttl_in_seconds: 300,
    });
    const [permission] = resourcesOfType(resources, 'aws_lambda_permission');
    expect(permission).toMatchObject({ principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' });
    expect(permission?.source_arn).toMatch(/\/authorizers\/\$\{aws_api_gateway_authorizer\./);
  });

  it('creates one usage plan per policy and one derived API key per client', () => {
    expect(synthesized).toHaveResourceWithProperties(ApiGatewayUsagePlan, {
      name: 'gatehouse-standard',
      throttle_settings: { rate_limit: 50, burst_limit: 100 },
      quota_settings: { limit: 100_000, period: 'MONTH', offset: 0 },
    });
    expect(synthesized).toHaveResourceWithProperties(ApiGatewayUsagePlan, { name: 'gatehouse-trial', throttle_settings: { rate_limit: 1, burst_limit: 2 } });
    expect(resourcesOfType(resources, 'aws_api_gateway_usage_plan')).toHaveLength(2);
    const apiKeys = instancesOf(resources, 'aws_api_gateway_api_key') as Record<string, { name: string; value: string }>;
    expect(Object.values(apiKeys).map((key) => key.name).sort()).toEqual(['gatehouse-acme', 'gatehouse-billing']);
    expect(resourcesOfType(resources, 'aws_api_gateway_api_key')[0]).toMatchObject({ name: '${each.value.name}', value: '${each.value.value}' });
    expect(resourcesOfType(resources, 'aws_api_gateway_api_key')[0]?.enabled).toBeUndefined(); // never updated: the authorizer refuses disabled clients
    // AWS documents API key values as alphanumeric, 20 to 128 characters.
    for (const key of Object.values(apiKeys)) expect(key.value).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(new Set(Object.values(apiKeys).map((key) => key.value)).size).toBe(2);
    const planKeys = instancesOf(resources, 'aws_api_gateway_usage_plan_key');
    expect(Object.keys(planKeys).sort()).toEqual(['acme', 'billing']);
    expect(planKeys.acme).toMatch(/^\$\{aws_api_gateway_usage_plan\.[^.]+\.id\}$/);
    expect(resourcesOfType(resources, 'aws_api_gateway_usage_plan_key')[0]).toMatchObject({ key_id: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.[^[]+\[each\.key\]\.id\}$/) });
    // The record returns the same value as usageIdentifierKey.
    const acmeRecord = Object.values(instancesOf(resources, 'aws_dynamodb_table_item')).map((item) => decodeKeyRecord(JSON.parse(item as string))).find((record) => record.client.name === 'acme');
    expect(acmeRecord?.client.usageIdentifierKey).toBe(apiKeys.acme?.value);
  });

  it('answers 403s with the reason code', () => {
    const [response] = resourcesOfType(resources, 'aws_api_gateway_gateway_response');
    expect(response).toMatchObject({ response_type: 'ACCESS_DENIED', status_code: '403' });
    expect(JSON.stringify(response?.response_templates)).toContain('$context.authorizer.denyReason');
  });
});

describe('GatehouseLocalData', () => {
  it('creates only the table, without AWS-only features, and carries the key items beside it for the bulk load', () => {
    const stack = new TerraformStack(Testing.app(), 'local');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const data = new GatehouseLocalData(stack, 'data', { apiRoutes: TEST_API_ROUTES });
    declareClients(data.clients);
    // Testing.synth drops the comment property the items are in: the stack's own Terraform JSON keeps it.
    const document = stack.toTerraform() as { resource: Record<string, unknown>; '//': Record<string, { table: string; items: Record<string, string> }> };
    expect(Object.keys(document.resource)).toEqual(['aws_dynamodb_table']);
    const [table] = resourcesOfType(document.resource as never, 'aws_dynamodb_table');
    expect(table).toMatchObject({ name: 'gatehouse-local-keys', billing_mode: 'PAY_PER_REQUEST' });
    expect(table?.point_in_time_recovery).toBeUndefined();
    const { table: itemsTable, items } = document['//'][LOCAL_KEY_ITEMS]!;
    expect(itemsTable).toBe('gatehouse-local-keys');
    const records = Object.values(items).map((json) => decodeKeyRecord(JSON.parse(json)));
    expect(records.map((record) => record.keyHash).sort()).toEqual([tokens.acmeProd, tokens.acmeCi, tokens.billing].map(hashApiKeyToken).sort());
    expect(data.authorizerEnvironment).toEqual({ GATEHOUSE_TABLE_NAME: 'gatehouse-local-keys' });
  });
});
