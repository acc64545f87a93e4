/**
 * Gatehouse on AWS, for one environment: the key table, the authorizer Lambda with a least-privilege role
 * and a log group, the REQUEST authorizer on the REST API you name, and one usage plan per access policy.
 * Clients and keys become table items and usage-plan API keys (ClientResources), in this stack when they
 * are declared in `platform.clients`, or in a team's own stack through a GatehouseClientGroup.
 */
import type { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AssetType, type ITerraformDependable, Lazy, TerraformAsset } from 'cdktf';
import { dependable } from 'cdktf/lib/tfExpression';
import { Construct, type IConstruct } from 'constructs';
import type { PolicyDefinition } from '../model/access-policy';
import type { ClientDefinition } from '../model/api-client';
import type { KeyDefinition } from '../model/api-key';
import { ApiDefinition } from '../model/api-definition';
import { Catalog } from '../model/catalog';
import type { Suppression } from '../model/problems';
import { type PlatformFacts } from '../model/platform-settings';
import { AWS_NAME_RULES, CERTIFICATE_RULES, CLIENT_PLATFORM_RULES, NAME_RULES, PLATFORM_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import { truststoreAuthorities, truststoreFacts } from '../model/truststore';
import { authorizerEnvironment, ConfigError, loadConfig, type MetricsConfig } from '../../record/authorizer-settings';
import { API_KEY_NAME, API_KEY_VALUE } from '../model/aws-limits/api-gateway';
import { LOG_GROUP_NAME } from '../model/aws-limits/cloudwatch-logs';
import { DYNAMODB_TABLE_NAME } from '../model/aws-limits/dynamodb';
import { IAM_ROLE_NAME } from '../model/aws-limits/iam';
import { LAMBDA_FUNCTION_NAME } from '../model/aws-limits/lambda';
import { nameFromPrefix, type NameRule, type NameToCheck } from '../model/aws-limits/name-rule';
import { S3_BUCKET_PREFIX } from '../model/aws-limits/s3';
import type { EnvironmentContext, PlatformSettings } from '../model/environment';
import { type CatalogHost, DeclarationRegistry, markCatalogHost, reportProblems, synthClock } from './catalog-host';
import { ClientResources } from './client-resources';
import { KeyTable } from './key-table';
import { MutualTlsDomain } from './mutual-tls-domain';
import { PlatformMonitoring } from './platform-monitoring';

/** Where `npm run build` writes the authorizer bundle. */
export const DEFAULT_AUTHORIZER_BUNDLE_DIR = join(__dirname, '..', '..', 'dist', 'authorizer');

export interface GatehousePlatformProps extends PlatformSettings {
  /**
   * The REST API to protect. Its API key source must be AUTHORIZER, so usage plans take the client's
   * API key from the authorizer and never from a caller's x-api-key header.
   */
  readonly restApi: ApiGatewayRestApi | DataAwsApiGatewayRestApi | ExistingRestApi;
  /** The stage the usage plans apply to. */
  readonly stageName: string;
  /**
   * Every route the REST API serves (`GET /orders/{id}`, `ANY /{proxy+}`), which each client's policy is
   * compiled against, so that a wildcard never reaches a resource outside its collections.
   */
  readonly apiRoutes: readonly string[];
  /**
   * The environment this platform serves, and all of the app's: client files ask which one they are
   * declared in, and keys belong to one.
   * @default a single environment named `default`
   */
  readonly environment?: EnvironmentContext;
  /** The folder holding the built authorizer (index.js). Default: dist/authorizer from `npm run build`. */
  readonly authorizerBundleDir?: string;
}

/** A REST API managed elsewhere, named by its id (GatehousePlatform reads nothing else of it). */
export interface ExistingRestApi {
  readonly id: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<id>`, for the Lambda permission. */
  readonly executionArn: string;
}

/**
 * The metrics the authorizer will write, loaded from its environment as it loads it. An environment it
 * refuses is a synth error reported by the platform rules; the alarms then watch no decision metrics.
 */
function metricsOf(environment: Record<string, string>): MetricsConfig {
  try {
    return loadConfig(environment).metrics;
  } catch (error) {
    if (error instanceof ConfigError) return { enabled: false, namespace: '', service: '', perClient: false };
    throw error;
  }
}

/** The key table's name, from the platform's name prefix. */
export const keyTableName = (namePrefix: string) => `${namePrefix}-keys`;

/** API Gateway's identity sources: the token, and the address, because IP rules depend on it. */
export const IDENTITY_SOURCES = 'method.request.header.Authorization,context.identity.sourceIp';

export class GatehousePlatform extends Construct implements CatalogHost {
  readonly catalog: Catalog;
  readonly keyTable: KeyTable;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly authorizer: ApiGatewayAuthorizer;
  readonly logGroup: CloudwatchLogGroup;
  /** Declare clients, keys, policies and collections in this scope. */
  readonly clients: Construct;
  /** Where the API catalog (access policies and collections) is declared: inside `clients`. */
  readonly catalogScope: Construct;
  private readonly rolePolicy: IamRolePolicy;
  private readonly prefix: string;
  private readonly usagePlans = new Map<PolicyDefinition, ApiGatewayUsagePlan>();
  readonly environment: EnvironmentContext;
  /** Items and usage-plan keys of clients declared in this platform's own scope. */
  private ownClients?: ClientResources;
  private readonly stageDependencies: ITerraformDependable[] = [];
  private readonly registry: DeclarationRegistry;
  private readonly declaredClients: [IConstruct, ClientDefinition][] = [];
  private readonly clientWatchers: ((scope: IConstruct, client: ClientDefinition) => void)[] = [];
  /** The truststore's CAs, when the platform serves a mutual-TLS domain. */
  private readonly truststore?: readonly X509Certificate[];
  readonly mutualTlsDomain?: MutualTlsDomain;
  /** Alarms, their topic and the dashboard, unless turned off. */
  readonly monitoring?: PlatformMonitoring;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: GatehousePlatformProps,
  ) {
    super(scope, id);
    markCatalogHost(this);
    this.prefix = props.namePrefix ?? 'gatehouse';
    this.environment = props.environment ?? { name: 'default', all: ['default'] };
    this.registry = new DeclarationRegistry(this);
    const now = synthClock(this);
    this.catalog = new Catalog(this.prefix, new ApiDefinition(props.apiRoutes), now, (definition, problems) => this.registry.report(definition, problems));

    this.keyTable = new KeyTable(this, 'keys', { tableName: keyTableName(this.prefix), production: true, deletionProtection: props.deletionProtection });

    const functionName = `${this.prefix}-authorizer`;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays ?? 90,
    });

    this.role = new IamRole(this, 'role', {
      name: `${this.prefix}-authorizer`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    this.rolePolicy = new IamRolePolicy(this, 'role-policy', { name: 'least-privilege', role: this.role.id, policy: Lazy.stringValue({ produce: () => this.rolePolicyDocument() }) }); // once, after every client declared its secrets

    const environment = authorizerEnvironment(this.keyTable.table.name, props.authorizer ?? {});
    const bundle = new TerraformAsset(this, 'bundle', { path: props.authorizerBundleDir ?? DEFAULT_AUTHORIZER_BUNDLE_DIR, type: AssetType.ARCHIVE });
    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: 'Gatehouse REQUEST authorizer: verifies client JWTs and returns the IAM policy API Gateway enforces',
      role: this.role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: bundle.path,
      sourceCodeHash: bundle.assetHash,
      memorySize: props.memorySize ?? 1024,
      timeout: 10,
      environment: { variables: environment },
      dependsOn: [this.logGroup, this.rolePolicy],
    });

    // API Gateway caches results per token and address, not per client certificate: with mutual TLS a
    // cached result could serve a request presenting another certificate, so the default is no cache.
    const ttl = props.resultCacheTtlSeconds ?? (props.mutualTls ? 0 : 300);
    this.authorizer = new ApiGatewayAuthorizer(this, 'authorizer', {
      name: this.prefix,
      restApiId: props.restApi.id,
      type: 'REQUEST',
      authorizerUri: this.function.invokeArn,
      identitySource: IDENTITY_SOURCES,
      authorizerResultTtlInSeconds: ttl,
    });
    new LambdaPermission(this, 'invoke-permission', {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${props.restApi.executionArn}/authorizers/${this.authorizer.id}`,
    });
    if (props.exposeDenyReasons ?? true) {
      new ApiGatewayGatewayResponse(this, 'deny-reason', {
        restApiId: props.restApi.id,
        responseType: 'ACCESS_DENIED',
        statusCode: '403',
        responseTemplates: { 'application/json': '{"message":"Forbidden","reason":"$context.authorizer.denyReason"}' },
      });
    }

    if (props.monitoring?.enabled ?? true) {
      this.monitoring = new PlatformMonitoring(this, 'monitoring', {
        namePrefix: this.prefix,
        functionName,
        tableName: this.keyTable.table.name,
        metrics: metricsOf(environment),
        settings: props.monitoring ?? {},
      });
    }

    const truststore = props.mutualTls ? truststoreFacts(props.mutualTls.truststorePem) : undefined;
    if (props.mutualTls) {
      this.truststore = truststore && truststoreAuthorities(truststore);
      this.mutualTlsDomain = new MutualTlsDomain(this, 'mutual-tls', { ...props.mutualTls, namePrefix: this.prefix, restApiId: props.restApi.id, stageName: props.stageName });
    }
    const managed = props.restApi instanceof ApiGatewayRestApi;
    const facts: PlatformFacts = {
      namePrefix: this.prefix,
      logRetentionDays: props.logRetentionDays ?? 90,
      authorizerEnvironment: environment,
      resultCacheTtlSeconds: ttl,
      mutualTls: props.mutualTls && truststore && {
        domainName: props.mutualTls.domainName,
        certificateArn: props.mutualTls.certificateArn,
        truststore,
        requireDefaultEndpointDisabled: props.mutualTls.disableDefaultEndpoint ?? true,
      },
      // The caller's REST API is read, never changed: settings it lacks are problems with a fix.
      restApi: managed
        ? { managed, apiKeySource: (props.restApi as ApiGatewayRestApi).apiKeySourceInput, disableExecuteApiEndpoint: (props.restApi as ApiGatewayRestApi).disableExecuteApiEndpointInput === true }
        : { managed },
    };
    const certificates = (truststore?.entries ?? []).flatMap((entry) =>
      entry.certificate ? [{ field: `mutualTls.truststorePem[${entry.index}]`, certificate: entry.certificate, renewal: "add the CA's renewed certificate to the truststore" }] : [],
    );
    reportProblems(
      this,
      [
        ...runRules(NAME_RULES, { kind: 'platform prefix', name: this.prefix }, undefined).map((problem) => ({ ...problem, field: 'namePrefix' })),
        ...runRules(PLATFORM_RULES, facts, undefined),
        ...runRules(CERTIFICATE_RULES, certificates, { now }),
        ...runRules(AWS_NAME_RULES, this.generatedNames(), undefined),
      ],
      props.suppressions,
    );
    this.clients = new Construct(this, 'clients');
    this.catalogScope = new Construct(this.clients, 'api-catalog');
  }

  /**
   * Makes what refers to the stage by name (usage plans, the mutual-TLS domain's mapping) wait for
   * `dependency`: the stage, when the same stack creates it.
   */
  addStageDependency(dependency: ITerraformDependable): void {
    this.stageDependencies.push(dependency);
    const dependents = [...this.usagePlans.values(), ...(this.mutualTlsDomain ? [this.mutualTlsDomain.mapping] : [])];
    // Resources created before the stage get the dependency the way cdktf converts a `dependsOn` passed at
    // construction (a bare address in depends_on, not an interpolation).
    for (const dependent of dependents) dependent.dependsOn = [...(dependent.dependsOn ?? []), dependable(dependency)];
  }

  policyAdded(scope: IConstruct, policy: PolicyDefinition): void {
    this.usagePlans.set(policy, this.createUsagePlan(scope, policy, [...this.stageDependencies]));
  }

  /**
   * The usage plan of a policy, in `scope`. A policy declared in a team's own stack gets its plan there
   * (deployed after the platform, so the stage it names exists already).
   */
  createUsagePlan(scope: IConstruct, policy: PolicyDefinition, dependsOn: ITerraformDependable[] = []): ApiGatewayUsagePlan {
    const { settings, name } = policy;
    return new ApiGatewayUsagePlan(scope, 'usage-plan', {
      name: `${this.prefix}-${name}`,
      description: settings.description,
      apiStages: [{ apiId: this.props.restApi.id, stage: this.props.stageName }],
      throttleSettings: settings.rateLimit ? { rateLimit: settings.rateLimit.requestsPerSecond, burstLimit: settings.rateLimit.burst } : undefined,
      quotaSettings: settings.quota ? { limit: settings.quota.limit, period: settings.quota.period, offset: settings.quota.offset ?? 0 } : undefined,
      dependsOn,
    });
  }

  /** Whether the platform's own stack has a usage plan for the policy. */
  hasUsagePlan(policy: PolicyDefinition): boolean {
    return this.usagePlans.has(policy);
  }

  declare(construct: IConstruct, definition: object, suppressions: readonly Suppression[] | undefined): void {
    this.registry.declare(construct, definition, suppressions);
  }

  /** Each policy's usage plan id, by policy name: what client groups in other stacks read. */
  usagePlanIds(): Record<string, string> {
    return Object.fromEntries([...this.usagePlans].map(([policy, plan]) => [policy.name, plan.id]));
  }

  /** The construct that declared a definition of this platform's catalog. */
  constructOf(definition: object): IConstruct | undefined {
    return this.registry.constructOf(definition);
  }

  /**
   * Calls `watcher` with every client declared on the platform, before and after this call, and the
   * construct declaring it: what else serves the platform's clients (an HTTP API) checks them with it.
   */
  watchClients(watcher: (scope: IConstruct, client: ClientDefinition) => void): void {
    this.clientWatchers.push(watcher);
    for (const [scope, definition] of this.declaredClients) watcher(scope, definition);
  }

  clientAdded(client: IConstruct, definition: ClientDefinition): void {
    this.clientRegistered(client, definition, this.clientResources(), (policy) => this.usagePlans.get(policy)?.id);
  }

  /**
   * What the platform does for each client, wherever its resources live: checks it against the platform
   * (its OIDC URL must be reachable from AWS, its certificates must pass the truststore), lets the
   * authorizer read its secrets, and gives it an API key in its policy's usage plan.
   */
  clientRegistered(scope: IConstruct, definition: ClientDefinition, resources: ClientResources, usagePlanId: (policy: PolicyDefinition) => string | undefined): void {
    this.declaredClients.push([scope, definition]);
    for (const watcher of this.clientWatchers) watcher(scope, definition);
    reportProblems(scope, runRules(CLIENT_PLATFORM_RULES, { client: definition, platform: { onAws: true, truststore: this.truststore } }, undefined), definition.settings.suppressions);
    const value = this.catalog.usageIdentifierKey(definition);
    const planId = definition.policy && usagePlanId(definition.policy);
    if (value === undefined || planId === undefined) return;
    const name = `${this.prefix}-${definition.name}`;
    resources.addUsageKey(definition.name, { name, value }, planId);
    reportProblems(
      scope,
      runRules(AWS_NAME_RULES, [
        { rule: API_KEY_NAME, field: 'id', value: name, setting: definition.name, fix: 'shorten the client name or namePrefix' },
        { rule: API_KEY_VALUE, field: 'usage plan API key value', value, fix: 'derive the value from letters and digits only (Catalog.usageIdentifierKey)' },
      ], undefined),
      definition.settings.suppressions,
    );
  }

  /** The table item of a key, in the given resources. */
  keyRegistered(key: KeyDefinition, resources: ClientResources): void {
    const record = this.catalog.recordFor(key);
    if (record) resources.addRecord(key.client.name, key.name, record);
  }

  /** Resources for clients declared in this platform's own scope, made on first use. */
  private clientResources(): ClientResources {
    this.ownClients ??= new ClientResources(this, 'client-resources', { tableName: this.keyTable.table.name, usageKeys: true });
    return this.ownClients;
  }

  keyAdded(_scope: IConstruct, key: KeyDefinition): void {
    this.keyRegistered(key, this.clientResources());
  }

  /** The names derived from `namePrefix`, against the limits AWS documents for each. */
  private generatedNames(): NameToCheck[] {
    const names: [NameRule, string | undefined][] = [
      [DYNAMODB_TABLE_NAME, this.keyTable.table.nameInput],
      [LAMBDA_FUNCTION_NAME, this.function.functionNameInput],
      [IAM_ROLE_NAME, this.role.nameInput],
      [LOG_GROUP_NAME, this.logGroup.nameInput],
      [S3_BUCKET_PREFIX, this.mutualTlsDomain?.truststoreBucket.bucketPrefixInput],
    ];
    return names.flatMap(([rule, name]) => (name === undefined ? [] : [nameFromPrefix(rule, this.prefix, name)]));
  }

  /**
   * Exactly what the authorizer does: read single items of its table, read the secrets clients
   * reference, write its own log stream.
   */
  private rolePolicyDocument(): string {
    const secretArns = this.catalog.secretArns();
    const statements: Record<string, unknown>[] = [
      { Sid: 'ReadKeyRecords', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: this.keyTable.table.arn },
      { Sid: 'WriteDecisionLog', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.logGroup.arn}:*` },
    ];
    if (secretArns.length > 0) statements.push({ Sid: 'ReadClientSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns });
    return JSON.stringify({ Version: '2012-10-17', Statement: statements });
  }
}

