/**
 * The example app: the same client definitions in two stacks.
 * - `gatehouse`: the platform on AWS, protecting the demo REST API (deployed with `cdktf deploy`).
 * - `gatehouse-local`: only the key table and its items, for a DynamoDB on 127.0.0.1 (`npm start`, tests).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import type { AuthorizerSettings } from '../../record/authorizer-settings';
import { GatehouseLocalData } from '../constructs/gatehouse-local-data';
import { GatehousePlatform } from '../constructs/gatehouse-platform';
import type { MutualTlsDomainSettings } from '../constructs/mutual-tls-domain';
import { type ClientFile, declareClientFiles, loadClientFiles } from './clients-folder';
import { DemoHttpApi } from './demo-http-api';
import { demoMaterial } from './demo-material';
import { DEMO_ROUTES, DemoRestApi } from './demo-rest-api';
import { configureStateBackend } from './state-backend';

/** The demo API's routes as the policy compiler reads them. */
export const DEMO_API_ROUTES = DEMO_ROUTES.map(([method, path]) => `${method} ${path}`);

export const PLATFORM_STACK = 'gatehouse';
export const LOCAL_STACK = 'gatehouse-local';

export interface GatehouseAppOptions {
  /** Default: AWS_REGION, else eu-west-1. */
  readonly region?: string;
  readonly authorizer?: AuthorizerSettings;
  readonly authorizerBundleDir?: string;
  /** Default: the files of stacks/clients/. */
  readonly clientFiles?: readonly ClientFile[];
  /**
   * S3 bucket for the AWS stack's Terraform state (encrypted, with S3 lock files), as CI needs.
   * Default: GATEHOUSE_STATE_BUCKET. Without a bucket, synth refuses the AWS stack unless `localState` is
   * `'allow'` (default: GATEHOUSE_LOCAL_STATE), which keeps its state in a local file (stacks/app/state-backend.ts).
   */
  readonly stateBucket?: string;
  /** `'allow'`: without a bucket, keep the AWS stack's state in a local file. Default: GATEHOUSE_LOCAL_STATE. */
  readonly localState?: 'allow';
  /**
   * Serve the AWS stack on a mutual-TLS domain. Default: when GATEHOUSE_MTLS_DOMAIN and
   * GATEHOUSE_MTLS_CERTIFICATE_ARN are set, that domain, trusting the demo CA.
   */
  readonly mutualTls?: MutualTlsDomainSettings;
  /** Serve the demo API as an HTTP API too, behind the same authorizer. Default: GATEHOUSE_DEMO_HTTP_API=true. */
  readonly httpApi?: boolean;
}

export interface GatehouseApp {
  readonly platformStack: TerraformStack;
  readonly platform: GatehousePlatform;
  readonly localStack: TerraformStack;
  readonly localData: GatehouseLocalData;
}

export function buildGatehouseApp(app: App, options: GatehouseAppOptions = {}): GatehouseApp {
  const files = options.clientFiles ?? loadClientFiles();
  return { ...buildPlatformStack(app, files, options), ...buildLocalStack(app, files, options) };
}

function mutualTlsFromEnvironment(): MutualTlsDomainSettings | undefined {
  const domainName = process.env.GATEHOUSE_MTLS_DOMAIN;
  const certificateArn = process.env.GATEHOUSE_MTLS_CERTIFICATE_ARN;
  if (!domainName || !certificateArn) return undefined;
  return { domainName, certificateArn, truststorePem: demoMaterial().pki.caPem };
}

function regionOf(options: GatehouseAppOptions): string {
  return options.region ?? process.env.AWS_REGION ?? 'eu-west-1';
}

/** The AWS stack alone. */
export function buildPlatformStack(app: App, files: readonly ClientFile[], options: GatehouseAppOptions = {}): Pick<GatehouseApp, 'platformStack' | 'platform'> {
  const region = regionOf(options);
  const platformStack = new TerraformStack(app, PLATFORM_STACK);
  configureStateBackend(platformStack, { stateBucket: options.stateBucket, localState: options.localState, region, key: `${PLATFORM_STACK}/terraform.tfstate` });
  new AwsProvider(platformStack, 'aws', { region, defaultTags: [{ tags: { 'managed-by': 'gatehouse' } }] });
  const mutualTls = options.mutualTls ?? mutualTlsFromEnvironment();
  const demoApi = new DemoRestApi(platformStack, 'demo-api', { mutualTls: mutualTls !== undefined });
  const platform = new GatehousePlatform(platformStack, 'platform', {
    restApi: demoApi.restApi,
    stageName: demoApi.stageName,
    apiRoutes: DEMO_API_ROUTES,
    authorizer: options.authorizer,
    authorizerBundleDir: options.authorizerBundleDir,
    mutualTls,
  });
  demoApi.protectWith(platform);
  if (options.httpApi ?? process.env.GATEHOUSE_DEMO_HTTP_API === 'true') new DemoHttpApi(platformStack, 'demo-http-api').protectWith(platform);
  declareClientFiles(platform.clients, files);
  return { platformStack, platform };
}

/**
 * The local stack alone: what a local run deploys. It may hold what only a local run can use (an
 * identity provider on 127.0.0.1), which the AWS stack refuses.
 */
export function buildLocalStack(app: App, files: readonly ClientFile[], options: GatehouseAppOptions = {}): Pick<GatehouseApp, 'localStack' | 'localData'> {
  const region = regionOf(options);
  const localStack = new TerraformStack(app, LOCAL_STACK);
  // State beside the synthesized stack: each local deployment is to a fresh local server.
  new LocalBackend(localStack, { path: 'terraform.tfstate' });
  const endpoint = new TerraformVariable(localStack, 'dynamodb_endpoint', {
    type: 'string',
    default: 'http://127.0.0.1:8000',
    description: 'The local DynamoDB-compatible server to deploy the key table to',
  });
  new AwsProvider(localStack, 'aws', {
    region,
    // A local server takes any credentials; nothing in this stack talks to AWS.
    accessKey: 'local',
    secretKey: 'local',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    endpoints: [{ dynamodb: endpoint.stringValue }],
  });
  const localData = new GatehouseLocalData(localStack, 'data', { apiRoutes: DEMO_API_ROUTES, authorizer: options.authorizer });
  declareClientFiles(localData.clients, files);
  return { localStack, localData };
}
