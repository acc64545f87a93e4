/**
 * When the demo stage is redeployed: the app's AWS stack is synthesized before and after each kind of
 * change, and the deployment's trigger must move exactly for what API Gateway snapshots into a
 * deployment (AWS: "Updates to REST APIs that require redeployment"), and stay for what it does not
 * (DynamoDB items, the Lambda, usage plans). The deployment must also depend on every resource it
 * snapshots, gateway responses and authorizers included, so a first apply never snapshots without them.
 */
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { rmSync } from 'node:fs';
import { type App, TerraformStack, Testing } from 'cdktf';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { type ClientFile, declareClientFiles } from '../../stacks/app/clients-folder';
import { demoMaterial } from '../../stacks/app/demo-material';
import { DemoRestApi } from '../../stacks/app/demo-rest-api';
import { buildEnvironmentStacks, DEMO_API_ROUTES, type EnvironmentStacks } from '../../stacks/app/gatehouse-app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { GatehousePlatform, type GatehousePlatformProps } from '../../stacks/constructs/gatehouse-platform';
import { AccessPolicy, ApiClient, ApiCollection, ApiKey, ClientAuth } from '../../stacks/gatehouse';
import { rsaKeyPair } from '../support/keys';
import { instancesOf, type Resources, resourcesOfType, synthResources } from '../support/stacks';

const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const tokenHash = declaredKeyHash(mintApiKeyToken());
const MUTUAL_TLS = { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' };

/** What a client file may change between two synths. */
interface ClientVariant {
  readonly enabled?: boolean;
  readonly allowedIps?: string[];
  readonly routes?: string[];
  readonly requestsPerSecond?: number;
}

/** One team's file: its own policy, collection, client and key, so the test owns every value. */
function partnerFile(variant: ClientVariant = {}): ClientFile {
  return {
    name: 'partner',
    declare: (scope) => {
      const policy = new AccessPolicy(scope, 'partner-plan', { rateLimit: { requestsPerSecond: variant.requestsPerSecond ?? 10, burst: 20 } });
      const routes = new ApiCollection(scope, 'partner-routes', { routes: variant.routes ?? ['GET /orders'] });
      const client = new ApiClient(scope, 'partner', {
        description: 'Partner order sync',
        owner: 'team-partners',
        auth: ClientAuth.rsa({ publicKeys: [publicPem] }),
        policy,
        collections: [routes],
        enabled: variant.enabled ?? true,
      });
      new ApiKey(scope, 'partner-main', { client, tokenHash, allowedIps: variant.allowedIps ?? ['198.51.100.0/24'] });
    },
  };
}

interface Variant {
  readonly clients?: ClientVariant;
  readonly platform?: Partial<GatehousePlatformProps>;
  /** Changes made to the synthesized app's constructs before synth, as a later feature might. */
  readonly after?: (parts: { stack: TerraformStack; platform: GatehousePlatform; api: DemoRestApi }) => void;
}

/** The app's AWS stack (demo API protected by the platform, the clients folder declared in it), synthesized. */
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throwaway cdktf app; its output folder is removed after the tests. */
function testingApp(): App {
  const app = Testing.app();
  outdirs.push(app.outdir);
  return app;
}

function synthesizeVariant({ clients, platform: props = {}, after }: Variant = {}): Resources {
  const stack = new TerraformStack(testingApp(), 'gatehouse');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const api = new DemoRestApi(stack, 'demo-api');
  const platform = new GatehousePlatform(stack, 'platform', { restApi: api.restApi, stageName: api.stageName, apiRoutes: DEMO_API_ROUTES, authorizerBundleDir: AUTHORIZER_BUNDLE_DIR, ...props });
  api.protectWith(platform);
  declareClientFiles(platform.clients, [partnerFile(clients)], {} as never, platform.environment);
  after?.({ stack, platform, api });
  return synthResources(stack);
}

function deploymentOf(resources: Resources): { trigger: string; dependsOn: string[] } {
  const [deployment, ...others] = resourcesOfType(resources, 'aws_api_gateway_deployment') as { triggers: { redeployment: string }; depends_on: string[] }[];
  expect(others).toEqual([]);
  return { trigger: deployment!.triggers.redeployment, dependsOn: deployment!.depends_on };
}

const addressesOf = (resources: Resources, type: string) => Object.keys(resources[type] ?? {}).map((name) => `${type}.${name}`);
const baselineResources = synthesizeVariant();
const baseline = deploymentOf(baselineResources).trigger;
const withoutDeployment = ({ aws_api_gateway_deployment: _deployment, ...others }: Resources) => others;
/** Everything synthesized but the deployment: the resources and the items their for_each reads. */
const allButDeployment = (resources: Resources) => [withoutDeployment(resources), instancesOf(resources, 'aws_dynamodb_table_item')];

describe('the stage redeployment trigger', () => {
  it('is the same for the same configuration', () => {
    expect(deploymentOf(synthesizeVariant()).trigger).toBe(baseline);
    expect(baseline).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('moves for what API Gateway snapshots into a deployment', () => {
    it.each<[string, Variant]>([
      ['the authorizer result TTL', { platform: { resultCacheTtlSeconds: 60 } }],
      ['the authorizer identity sources', { after: ({ platform }) => (platform.authorizer.identitySource = 'method.request.header.Authorization') }],
      ['a gateway response (deny reasons switched off)', { platform: { exposeDenyReasons: false } }],
      ['mutual TLS switched on (result TTL 0, default endpoint disabled)', { platform: { mutualTls: { ...MUTUAL_TLS, truststorePem: demoMaterial().pki.caPem } } }],
      ['a method added to the API', { after: ({ api, platform }) => addRootMethod(api, platform) }],
      ['a kind of resource no code names (a request validator)', { after: ({ stack, api }) => new ApiGatewayRequestValidator(stack, 'validator', { restApiId: api.restApi.id, name: 'body', validateRequestBody: true }) }],
      ['the REST API itself (its description)', { after: ({ api }) => (api.restApi.description = 'changed') }],
    ])('%s', (_change, variant) => {
      expect(deploymentOf(synthesizeVariant(variant)).trigger).not.toBe(baseline);
    });
  });

  describe('stays for what is not in a deployment', () => {
    it.each<[string, Variant]>([
      ["a key's IP rules (a DynamoDB item)", { clients: { allowedIps: ['203.0.113.0/24'] } }],
      ["a client's enabled flag (a DynamoDB item: its API key is never updated, the authorizer refuses it)", { clients: { enabled: false } }],
      ["a collection's routes (a DynamoDB item)", { clients: { routes: ['GET /orders', 'GET /invoices'] } }],
      ["the authorizer Lambda's settings (its environment)", { platform: { authorizer: { keyClaims: { preset: 'workato' } } } }],
      ["the authorizer Lambda's memory", { platform: { memorySize: 2048 } }],
      ["a usage plan's throttle (AWS: UsagePlan updates need no redeploy)", { clients: { requestsPerSecond: 99 } }],
      [
        'a custom domain, its mapping and truststore, with the same authorizer and endpoint (AWS: DomainName, BasePathMapping)',
        { platform: { mutualTls: { ...MUTUAL_TLS, truststorePem: demoMaterial().pki.caPem, disableDefaultEndpoint: false }, resultCacheTtlSeconds: 300 } },
      ],
    ])('%s', (_change, variant) => {
      const resources = synthesizeVariant(variant);
      expect(allButDeployment(resources)).not.toEqual(allButDeployment(baselineResources)); // the change is there
      expect(deploymentOf(resources).trigger).toBe(baseline);
    });
  });

  it('is built into the example app: its AWS stack moves with mutual TLS and stays with IP rules', () => {
    const triggerOf = (files: ClientFile[], mutualTls?: boolean) => {
      const [{ platformStack }] = buildEnvironmentStacks(testingApp(), files, { environments: [ENVIRONMENTS[0]!], mutualTls: mutualTls ? { ...MUTUAL_TLS, truststorePem: demoMaterial().pki.caPem } : undefined, localState: 'allow' }) as [EnvironmentStacks];
      return deploymentOf((JSON.parse(Testing.synth(platformStack)) as { resource: Resources }).resource).trigger;
    };
    const app = triggerOf([partnerFile()]);
    expect(triggerOf([partnerFile({ allowedIps: ['192.0.2.0/24'] })])).toBe(app);
    expect(triggerOf([partnerFile()], true)).not.toBe(app);
  });
});

describe('the stage deployment', () => {
  it('depends on every gateway response, authorizer, method and integration', () => {
    const resources = synthesizeVariant({
      after: ({ stack, api }) => {
        // A second gateway response, declared after the platform, as an API owner might add one.
        new ApiGatewayGatewayResponse(stack, 'unauthorized', { restApiId: api.restApi.id, responseType: 'UNAUTHORIZED', statusCode: '401' });
      },
    });
    const { dependsOn } = deploymentOf(resources);
    const snapshotted = [
      'aws_api_gateway_gateway_response',
      'aws_api_gateway_authorizer',
      'aws_api_gateway_method',
      'aws_api_gateway_integration',
      'aws_api_gateway_integration_response',
      'aws_api_gateway_method_response',
      'aws_api_gateway_resource',
    ].flatMap((type) => addressesOf(resources, type));
    expect(addressesOf(resources, 'aws_api_gateway_gateway_response')).toHaveLength(2);
    expect(new Set(dependsOn)).toEqual(new Set([...snapshotted, ...addressesOf(resources, 'aws_api_gateway_rest_api')]));
  });

  it('does not depend on what refers to the stage, which would be a cycle', () => {
    const resources = synthesizeVariant({ platform: { mutualTls: { ...MUTUAL_TLS, truststorePem: demoMaterial().pki.caPem } } });
    const { dependsOn } = deploymentOf(resources);
    for (const type of ['aws_api_gateway_usage_plan', 'aws_api_gateway_usage_plan_key', 'aws_api_gateway_base_path_mapping', 'aws_api_gateway_domain_name', 'aws_api_gateway_stage']) {
      expect(addressesOf(resources, type).length).toBeGreaterThan(0);
      expect(dependsOn.filter((address) => address.startsWith(`${type}.`))).toEqual([]);
    }
  });
});

/** A route beyond the demo's, on the API's root. */
function addRootMethod(api: DemoRestApi, platform: GatehousePlatform): void {
  new ApiGatewayMethod(api, 'method-HEAD-root', { restApiId: api.restApi.id, resourceId: api.restApi.rootResourceId, httpMethod: 'HEAD', authorization: 'CUSTOM', authorizerId: platform.authorizer.id });
}
