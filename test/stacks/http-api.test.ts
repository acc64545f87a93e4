/**
 * What GatehouseHttpApi synthesizes, read from the Terraform JSON: an HTTP API REQUEST authorizer on the
 * platform's function (payload format, simple responses, identity sources with the route key, TTL), the
 * permission to invoke it, the routes behind it, and the settings contract carrying the response format
 * to the authorizer. And what synth says about each client an HTTP API cannot serve as declared.
 */
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { loadConfig } from '../../record/authorizer-settings';
import { collectProblems } from '../../stacks/app/annotations';
import { buildGatehouseApp } from '../../stacks/app/gatehouse-app';
import { GatehouseHttpApi, type GatehouseHttpApiProps } from '../../stacks/constructs/gatehouse-http-api';
import { GatehouseClientGroup } from '../../stacks/constructs/gatehouse-client-group';
import { AccessPolicy, ApiClient, ApiCollection, ApiKey, ClientAuth } from '../../stacks/gatehouse';
import { rsaKeyPair } from '../support/keys';
import { resourcesOfType, synthOutcome, synthResources, testPlatform } from '../support/stacks';

const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;

/** A client with a rate limit and a quota, or (`limits: false`) without an access policy. */
function declareClient(scope: Construct, name: string, options: { limits?: boolean } = {}): void {
  const policy = options.limits === false ? undefined : new AccessPolicy(scope, `${name}-policy`, { rateLimit: { requestsPerSecond: 5, burst: 10 }, quota: { limit: 100, period: 'DAY' } });
  const collection = new ApiCollection(scope, `${name}-routes`, { routes: ['GET /orders', 'GET /orders/{id}'] });
  const client = new ApiClient(scope, name, { description: 'test client', owner: 'team', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), policy, collections: [collection] });
  new ApiKey(scope, `${name}-key`, { client, tokenHash: declaredKeyHash(mintApiKeyToken()) });
}

function httpApiStack(props: Partial<Omit<GatehouseHttpApiProps, 'platform' | 'api'>> = {}, declare: (scope: Construct) => void = (scope) => declareClient(scope, 'acme')) {
  const built = testPlatform(declare);
  const api = new Apigatewayv2Api(built.stack, 'http', { name: 'orders-http', protocolType: 'HTTP' });
  const httpApi = new GatehouseHttpApi(built.stack, 'http-api', { platform: built.platform, api, routes: ['GET /orders', 'GET /orders/{id}', '$default'], target: 'integrations/abc123', ...props });
  return { ...built, httpApi };
}

describe('GatehouseHttpApi', () => {
  const { stack, platform } = httpApiStack();
  const resources = synthResources(stack);
  const functionRef = (attribute: string) => `\${aws_lambda_function.${Object.keys(resources.aws_lambda_function!)[0]}.${attribute}}`;

  it('puts a REQUEST authorizer on the platform\'s function: payload 2.0, simple responses, cached per token, address and route', () => {
    expect(resourcesOfType(resources, 'aws_apigatewayv2_authorizer')).toEqual([
      expect.objectContaining({
        authorizer_type: 'REQUEST',
        authorizer_uri: functionRef('invoke_arn'),
        authorizer_payload_format_version: '2.0',
        enable_simple_responses: true,
        identity_sources: ['$request.header.Authorization', '$context.identity.sourceIp', '$context.routeKey'],
        authorizer_result_ttl_in_seconds: 300,
      }),
    ]);
  });

  it('lets only this API\'s authorizer invoke the function', () => {
    const [httpPermission] = resourcesOfType(resources, 'aws_lambda_permission').filter((permission) => String(permission.source_arn).includes('aws_apigatewayv2_api'));
    const authorizer = Object.keys(resources.aws_apigatewayv2_authorizer!)[0];
    expect(httpPermission).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: functionRef('function_name'),
      principal: 'apigateway.amazonaws.com',
      source_arn: `\${aws_apigatewayv2_api.${Object.keys(resources.aws_apigatewayv2_api!)[0]}.execution_arn}/authorizers/\${aws_apigatewayv2_authorizer.${authorizer}.id}`,
    });
  });

  it('puts every route behind the authorizer', () => {
    const routes = resourcesOfType(resources, 'aws_apigatewayv2_route');
    expect(routes.map((route) => route.route_key).sort()).toEqual(['$default', 'GET /orders', 'GET /orders/{id}']);
    for (const route of routes) expect(route).toMatchObject({ authorization_type: 'CUSTOM', target: 'integrations/abc123', authorizer_id: expect.stringContaining('aws_apigatewayv2_authorizer.') });
  });

  it('tells the authorizer, through its settings, to answer with simple responses', () => {
    const variables = (resourcesOfType(resources, 'aws_lambda_function')[0]!.environment as { variables: Record<string, string> }).variables;
    expect(variables.GATEHOUSE_HTTP_API_SIMPLE_RESPONSES).toBe('true');
    expect(loadConfig({ ...variables, GATEHOUSE_TABLE_NAME: 'keys' }).httpApiSimpleResponses).toBe(true);
    expect(platform.authorizer).toBeDefined(); // the REST API keeps its own authorizer
  });

  it('with payload 1.0: IAM policies, and the function\'s settings left alone', () => {
    const v1 = synthResources(httpApiStack({ payloadFormatVersion: '1.0' }).stack);
    expect(resourcesOfType(v1, 'aws_apigatewayv2_authorizer')[0]).toMatchObject({ authorizer_payload_format_version: '1.0' });
    expect(resourcesOfType(v1, 'aws_apigatewayv2_authorizer')[0]).not.toHaveProperty('enable_simple_responses');
    const variables = (resourcesOfType(v1, 'aws_lambda_function')[0]!.environment as { variables: Record<string, string> }).variables;
    expect(variables).not.toHaveProperty('GATEHOUSE_HTTP_API_SIMPLE_RESPONSES');
  });
});

describe('what an HTTP API cannot do, said at synth on the client', () => {
  it('warns about each client with a rate limit or quota, naming the client and what applies instead, wherever the client is declared', () => {
    const built = testPlatform((scope) => declareClient(scope, 'early'));
    const api = new Apigatewayv2Api(built.stack, 'http', { name: 'orders-http', protocolType: 'HTTP' });
    new GatehouseHttpApi(built.stack, 'http-api', { platform: built.platform, api, routes: ['GET /orders'], target: 'integrations/abc123' });
    declareClient(built.platform.clients, 'late');
    declareClient(built.platform.clients, 'unlimited', { limits: false });
    // A team's clients in a client group of their own are the platform's clients too.
    declareClient(new GatehouseClientGroup(built.stack, 'team', { platform: built.platform, tableName: 'keys', usagePlanId: () => 'plan' }).clients, 'team-client');
    const warnings = synthOutcome(built.app).warnings.filter((problem) => problem.code === 'client/limits-on-http-api');
    expect(warnings.map((warning) => warning.where).sort()).toEqual(['early', 'late', 'team-client']);
    expect(warnings[0]!.message).toMatch(/^client "early"'s rate limit \(5 requests\/s, burst 10\) and quota \(100 per DAY\) from access policy "early-policy" do not apply on HTTP API "orders-http": HTTP APIs have no usage plans/);
    expect(warnings[0]!.message).toContain('only stage and route throttling, shared by every client');
  });

  it('is accepted on a client that suppresses it with a reason', () => {
    const { app } = httpApiStack({}, (scope) => {
      const policy = new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 5, burst: 10 } });
      const collection = new ApiCollection(scope, 'orders', { routes: ['GET /orders'] });
      const client = new ApiClient(scope, 'acme', {
        description: 'test client',
        owner: 'team',
        auth: ClientAuth.rsa({ publicKeys: [publicPem] }),
        policy,
        collections: [collection],
        suppressions: [{ code: 'client/limits-on-http-api', reason: 'Acme calls the HTTP API only for health checks' }],
      });
      new ApiKey(scope, 'acme-key', { client, tokenHash: declaredKeyHash(mintApiKeyToken()) });
    });
    expect(synthOutcome(app).warnings.filter((problem) => problem.code === 'client/limits-on-http-api')).toEqual([]);
    expect(collectProblems(app, { suppressed: true }).filter((problem) => problem.code === 'client/limits-on-http-api')).toEqual([expect.objectContaining({ suppressedBecause: 'Acme calls the HTTP API only for health checks' })]);
  });
});

describe('the example app with its HTTP API', () => {
  const cdktfApp = Testing.app();
  const [app] = buildGatehouseApp(cdktfApp, { httpApi: true, mutualTls: undefined }).environments;
  const resources = synthResources(app!.platformStack);

  it('serves the demo API\'s routes behind the same function, with stage throttling and automatic deployment', () => {
    expect(resourcesOfType(resources, 'aws_apigatewayv2_route').map((route) => route.route_key).sort()).toEqual([...app!.platform.catalog.api.routeTexts].sort());
    expect(resourcesOfType(resources, 'aws_apigatewayv2_stage')).toEqual([expect.objectContaining({ name: '$default', auto_deploy: true, default_route_settings: { throttling_rate_limit: 100, throttling_burst_limit: 200 } })]);
  });

  it('has no errors, and warns about every client whose limits the HTTP API drops', () => {
    const problems = collectProblems(cdktfApp);
    expect(problems.filter((problem) => problem.level === 'error')).toEqual([]);
    const limited = app!.platform.catalog.clients.filter((client) => client.policy?.settings.rateLimit || client.policy?.settings.quota).map((client) => client.name);
    const warned = problems.filter((problem) => problem.code === 'client/limits-on-http-api').map((problem) => problem.message.match(/^client "([^"]+)"/)?.[1]);
    expect(warned.sort()).toEqual(limited.sort());
  });
});
