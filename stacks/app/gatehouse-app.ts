/**
 * The example app: the same client definitions in two stacks.
 * - `gatehouse`: the platform on AWS, protecting the demo REST API (deployed with `cdktf deploy`).
 * - `gatehouse-local`: only the key table and its items, for a DynamoDB on 127.0.0.1 (`npm start`, tests).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, LocalBackend, S3Backend, TerraformStack, TerraformVariable } from 'cdktf';
import type { AuthorizerSettings } from '../../record/authorizer-settings';
import { GatehouseLocalData } from '../constructs/gatehouse-local-data';
import { GatehousePlatform } from '../constructs/gatehouse-platform';
import type { MutualTlsDomainSettings } from '../constructs/mutual-tls-domain';
import { type ClientFile, declareClientFiles, loadClientFiles } from './clients-folder';
import { demoMaterial } from './demo-material';
import { DEMO_ROUTES, DemoRestApi } from './demo-rest-api';

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
   * Default: GATEHOUSE_STATE_BUCKET; without either, state stays in a local file (for trying it out).
   */
  readonly stateBucket?: string;
  /**
   * Serve the AWS stack on a mutual-TLS domain. Default: when GATEHOUSE_MTLS_DOMAIN and
   * GATEHOUSE_MTLS_CERTIFICATE_ARN are set, that domain, trusting the demo CA.
   */
  readonly mutualTls?: MutualTlsDomainSettings;
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
  const stateBucket = options.stateBucket ?? process.env.GATEHOUSE_STATE_BUCKET;
  if (stateBucket) {
    new S3Backend(platformStack, { bucket: stateBucket, key: `${PLATFORM_STACK}/terraform.tfstate`, region, encrypt: true });
    platformStack.addOverride('terraform.backend.s3.use_lockfile', true); // S3-native locking (Terraform 1.10+)
  }
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
