/**
 * Environments: where the platform runs. Declared once in code (stacks/environments.ts), each is an AWS
 * account and region, a place for Terraform state, the REST API it protects (one Gatehouse creates, or an
 * existing one by id with the routes it serves) and the platform's settings. Every environment is built
 * from the same client files: a client may exist in some environments only, a key belongs to exactly one,
 * and a client's policy, collections and status may differ per environment with the default shared.
 */
import type { AuthorizerSettings } from '../../record/authorizer-settings';
import type { MonitoringSettings } from './monitoring-settings';
import type { Suppression } from './problems';

/** A REST API Gateway creates for the environment: the example app's demo API. */
export interface CreatedApiSettings {
  readonly kind: 'demo';
}

/** A REST API that exists already (managed elsewhere): Gatehouse adds its authorizer and usage plans. */
export interface ExistingApiSettings {
  readonly kind: 'existing';
  /** The API's id, e.g. `a1b2c3d4e5`. */
  readonly restApiId: string;
  /** The deployed stage usage plans apply to, e.g. `prod`. */
  readonly stageName: string;
  /**
   * Every route the API serves (`GET /orders/{id}`, `ANY /{proxy+}`): the policy compiler needs the whole
   * tree, or a wildcard could reach a resource it was not told about. `routesFromOpenApi(file)` reads them
   * from the API's OpenAPI document.
   */
  readonly routes: readonly string[];
}

/** A custom domain that requires client certificates (mutual TLS). */
export interface MutualTlsDomainSettings {
  /** The custom domain clients call, e.g. `api.example.com`. */
  readonly domainName: string;
  /** The ACM certificate for the domain, in the platform's region. */
  readonly certificateArn: string;
  /** PEM certificates of the CAs (and intermediates) whose client certificates are accepted. */
  readonly truststorePem: string;
  /**
   * Require the API's default execute-api endpoint disabled, so mutual TLS cannot be bypassed.
   * @default true
   */
  readonly disableDefaultEndpoint?: boolean;
}

/** How a platform is set up: set per environment here, or directly on a GatehousePlatform (which extends it). */
export interface PlatformSettings {
  /**
   * Prefix of every resource name, so several platforms can share an account.
   * @default `gatehouse-<environment>` for an environment; `gatehouse` for a GatehousePlatform built directly
   */
  readonly namePrefix?: string;
  /** @default the authorizer's defaults (record/authorizer-settings.ts) */
  readonly authorizer?: AuthorizerSettings;
  /** How long API Gateway caches a decision per token and source address, 0 to 3600. @default 300, or 0 with mutual TLS */
  readonly resultCacheTtlSeconds?: number;
  /** Retention of the authorizer's decision log, in days. @default 90 */
  readonly logRetentionDays?: number;
  /** Lambda memory in MB; more memory is more CPU for signature checks. @default 1024 */
  readonly memorySize?: number;
  /** Protect the key table from deletion. @default true */
  readonly deletionProtection?: boolean;
  /** Answer 403s with the reason code (`{"message":"Forbidden","reason":"ip_blocked"}`). @default true */
  readonly exposeDenyReasons?: boolean;
  /**
   * Serve the API on a custom domain that requires client certificates (mutual TLS).
   * @default none: the API's default endpoint, no client certificates
   */
  readonly mutualTls?: MutualTlsDomainSettings;
  /**
   * Alarms on the authorizer, the SNS topic they notify and a CloudWatch dashboard (docs/operations.md).
   * `{ enabled: false }` leaves them out.
   * @default on, with a topic `<namePrefix>-alarms`
   */
  readonly monitoring?: MonitoringSettings;
  /** Warnings accepted on the platform, each with its rule's code and the reason (docs/checks.md). @default none */
  readonly suppressions?: readonly Suppression[];
}

export interface EnvironmentSettings {
  /** `staging`, `production`: lowercase letters, digits and dashes; it names the environment's stacks. */
  readonly name: string;
  /**
   * The AWS account (12 digits) the environment deploys to: the provider refuses credentials of any other.
   * @default any account the credentials belong to
   */
  readonly account?: string;
  readonly region: string;
  /** Terraform state. @default bucket from GATEHOUSE_STATE_BUCKET, key prefix `gatehouse/<name>` */
  readonly state?: { readonly bucket?: string; readonly keyPrefix?: string };
  readonly api: CreatedApiSettings | ExistingApiSettings;
  /** @default the platform's defaults */
  readonly platform?: PlatformSettings;
}

/** What a client file learns about the environment it is being declared in. */
export interface EnvironmentContext {
  readonly name: string;
  /** Every environment of the app, in declaration order. */
  readonly all: readonly string[];
}

/** The state key of a stack of an environment: `<keyPrefix>/<stack>.tfstate`. */
export function stateKey(environment: EnvironmentSettings, stackName: string): string {
  return `${environment.state?.keyPrefix ?? `gatehouse/${environment.name}`}/${stackName}.tfstate`;
}
