/**
 * Gatehouse on AWS: the key table with one item per API key, the authorizer Lambda with a
 * least-privilege role and a log group, the REQUEST authorizer on the REST API you name, and one usage
 * plan per access policy with one derived API key per client.
 *
 * Declare clients, keys, policies and collections inside `platform.clients`.
 */
import type { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { dependable } from 'cdktf/lib/tfExpression';
import { Construct, type IConstruct } from 'constructs';
import type { PolicyDefinition } from '../model/access-policy';
import type { ClientDefinition } from '../model/api-client';
import type { KeyDefinition } from '../model/api-key';
import { Catalog } from '../model/catalog';
import { OidcClientAuth } from '../model/client-auth';
import { checkName, error, type Problem, warning } from '../model/problems';
import { checkTruststore, issuedByTruststore } from '../model/truststore';
import { authorizerEnvironment, type AuthorizerSettings } from '../../record/authorizer-settings';
import { checkAuthorizerEnvironment } from '../model/authorizer-environment';
import { API_KEY_NAME, API_KEY_VALUE } from '../model/aws-limits/api-gateway';
import { LOG_GROUP_NAME } from '../model/aws-limits/cloudwatch-logs';
import { DYNAMODB_TABLE_NAME } from '../model/aws-limits/dynamodb';
import { IAM_ROLE_NAME } from '../model/aws-limits/iam';
import { LAMBDA_FUNCTION_NAME } from '../model/aws-limits/lambda';
import { checkNameFromPrefix, checkNameRule, type NameRule } from '../model/aws-limits/name-rule';
import { S3_BUCKET_PREFIX } from '../model/aws-limits/s3';
import { type CatalogHost, markCatalogHost, reportProblems } from './catalog-host';
import { KeyTable } from './key-table';
import { MutualTlsDomain, type MutualTlsDomainSettings } from './mutual-tls-domain';

/** Where `npm run build` writes the authorizer bundle. */
export const DEFAULT_AUTHORIZER_BUNDLE_DIR = join(__dirname, '..', '..', 'dist', 'authorizer');

export interface GatehousePlatformProps {
  /**
   * The REST API to protect. Its API key source must be AUTHORIZER, so usage plans take the client's
   * API key from the authorizer and never from a caller's x-api-key header.
   */
  readonly restApi: ApiGatewayRestApi | DataAwsApiGatewayRestApi;
  /** The stage the usage plans apply to. */
  readonly stageName: string;
  /** Prefix of every resource name, so several platforms can share an account. Default `gatehouse`. */
  readonly namePrefix?: string;
  readonly authorizer?: AuthorizerSettings;
  /** How long API Gateway caches a decision per token and source address, 0 to 3600. Default 300. */
  readonly resultCacheTtlSeconds?: number;
  /** Retention of the authorizer's decision log. Default 90 days. */
  readonly logRetentionDays?: number;
  /** Lambda memory; more memory is more CPU for signature checks. Default 1024 MB. */
  readonly memorySize?: number;
  /** Protect the key table from deletion. Default true. */
  readonly deletionProtection?: boolean;
  /** Answer 403s with the reason code (`{"message":"Forbidden","reason":"ip_blocked"}`). Default true. */
  readonly exposeDenyReasons?: boolean;
  /** The folder holding the built authorizer (index.js). Default: dist/authorizer from `npm run build`. */
  readonly authorizerBundleDir?: string;
  /** Serve the API on a custom domain that requires client certificates (mutual TLS). */
  readonly mutualTls?: MutualTlsDomainSettings;
}

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
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
  private readonly rolePolicy: IamRolePolicy;
  private readonly prefix: string;
  private readonly usagePlans = new Map<PolicyDefinition, ApiGatewayUsagePlan>();
  private readonly stageDependencies: ITerraformDependable[] = [];
  /** The truststore's CAs, when the platform serves a mutual-TLS domain. */
  private readonly truststore?: readonly X509Certificate[];
  readonly mutualTlsDomain?: MutualTlsDomain;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: GatehousePlatformProps,
  ) {
    super(scope, id);
    markCatalogHost(this);
    this.prefix = props.namePrefix ?? 'gatehouse';
    this.catalog = new Catalog(this.prefix);
    const problems: Problem[] = [...checkName('platform prefix', this.prefix).map((problem) => ({ ...problem, field: 'namePrefix' }))];

    this.keyTable = new KeyTable(this, 'keys', { tableName: `${this.prefix}-keys`, production: true, deletionProtection: props.deletionProtection });

    const functionName = `${this.prefix}-authorizer`;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays ?? 90,
    });
    if (!RETENTION_DAYS.includes(props.logRetentionDays ?? 90)) {
      problems.push(error('logRetentionDays', props.logRetentionDays, 'is not a retention CloudWatch Logs offers', `use one of ${RETENTION_DAYS.join(', ')}`));
    }

    this.role = new IamRole(this, 'role', {
      name: `${this.prefix}-authorizer`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    this.rolePolicy = new IamRolePolicy(this, 'role-policy', { name: 'least-privilege', role: this.role.id, policy: this.rolePolicyDocument() });

    const environment = authorizerEnvironment(this.keyTable.table.name, props.authorizer ?? {});
    problems.push(...checkAuthorizerEnvironment(environment));
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
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
      problems.push(error('resultCacheTtlSeconds', ttl, 'is not a whole number of seconds from 0 to 3600', 'use 300, or 0 to disable API Gateway\'s cache'));
    } else if (props.mutualTls && ttl > 0) {
      problems.push(warning('resultCacheTtlSeconds', ttl, 'caches decisions per token and address, not per client certificate, so within the TTL a cached allow also serves a request presenting another truststore certificate', 'leave it at 0 with mutual TLS (the authorizer\'s own record cache keeps decisions fast)'));
    }
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
        responseTemplates: { 'application/json': '{"message":"Forbidden","reason":"$context.authorizer.reason"}' },
      });
    }

    if (props.mutualTls) {
      const check = checkTruststore(props.mutualTls.truststorePem, new Date());
      problems.push(...check.problems, ...checkDomain(props.mutualTls));
      this.truststore = check.authorities;
      this.mutualTlsDomain = new MutualTlsDomain(this, 'mutual-tls', { ...props.mutualTls, namePrefix: this.prefix, restApiId: props.restApi.id, stageName: props.stageName });
      if (props.mutualTls.disableDefaultEndpoint ?? true) {
        if (props.restApi instanceof ApiGatewayRestApi) props.restApi.disableExecuteApiEndpoint = true;
        else problems.push(error('mutualTls.disableDefaultEndpoint', true, 'cannot be applied to a REST API this stack does not manage, and without it clients can bypass mutual TLS', 'set disable_execute_api_endpoint where the API is managed, then set disableDefaultEndpoint: false here'));
      }
    }
    if (props.restApi instanceof ApiGatewayRestApi && props.restApi.apiKeySourceInput !== 'AUTHORIZER') {
      problems.push(error('restApi.apiKeySource', props.restApi.apiKeySourceInput ?? 'HEADER', 'is not AUTHORIZER, so callers could pick a usage plan with an x-api-key header', "set apiKeySource: 'AUTHORIZER' on the REST API"));
    }
    problems.push(...this.checkGeneratedNames());
    reportProblems(this, problems);
    this.clients = new Construct(this, 'clients');
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
    const { settings, name } = policy;
    const plan = new ApiGatewayUsagePlan(scope, 'usage-plan', {
      name: `${this.prefix}-${name}`,
      description: settings.description,
      apiStages: [{ apiId: this.props.restApi.id, stage: this.props.stageName }],
      throttleSettings: settings.rateLimit ? { rateLimit: settings.rateLimit.requestsPerSecond, burstLimit: settings.rateLimit.burst } : undefined,
      quotaSettings: settings.quota ? { limit: settings.quota.limit, period: settings.quota.period, offset: settings.quota.offset ?? 0 } : undefined,
      dependsOn: [...this.stageDependencies],
    });
    this.usagePlans.set(policy, plan);
  }

  clientAdded(client: IConstruct, definition: ClientDefinition): void {
    if (definition.settings.auth instanceof OidcClientAuth && definition.settings.auth.isLoopbackHttp) {
      reportProblems(client, [
        error('auth.discoveryUrl', definition.settings.auth.props.discoveryUrl, 'is plain http to this machine, which the authorizer on AWS cannot reach', 'use the provider\'s https discovery URL for the AWS platform'),
      ]);
    }
    if (definition.mtls) reportProblems(client, this.checkMutualTlsBinding(definition));
    this.rolePolicy.policy = this.rolePolicyDocument(); // the client may reference new secrets
    const value = this.catalog.usageIdentifierKey(definition);
    const plan = definition.policy && this.usagePlans.get(definition.policy);
    if (value === undefined || !plan) return;
    const name = `${this.prefix}-${definition.name}`;
    const apiKey = new ApiGatewayApiKey(client, 'usage-key', {
      name,
      description: `Usage plan key of ${definition.name}, returned by the authorizer (not a secret: the API's key source is AUTHORIZER)`,
      value,
      enabled: definition.enabled,
    });
    new ApiGatewayUsagePlanKey(client, 'usage-plan-key', { keyId: apiKey.id, keyType: 'API_KEY', usagePlanId: plan.id });
    reportProblems(client, [
      ...checkNameRule(API_KEY_NAME, { field: 'id', value: name, setting: definition.name, fix: 'shorten the client name or namePrefix' }),
      ...checkNameRule(API_KEY_VALUE, { field: 'usage plan API key value', value, fix: 'derive the value from letters and digits only (Catalog.usageIdentifierKey)' }),
    ]);
  }

  keyAdded(_scope: IConstruct, key: KeyDefinition): void {
    const record = this.catalog.recordFor(key);
    if (record) this.keyTable.addRecord(`${key.client.name}--${key.name}`, record);
  }

  /** The names derived from `namePrefix`, against the limits AWS documents for each. */
  private checkGeneratedNames(): Problem[] {
    const names: [NameRule, string | undefined][] = [
      [DYNAMODB_TABLE_NAME, this.keyTable.table.nameInput],
      [LAMBDA_FUNCTION_NAME, this.function.functionNameInput],
      [IAM_ROLE_NAME, this.role.nameInput],
      [LOG_GROUP_NAME, this.logGroup.nameInput],
      [S3_BUCKET_PREFIX, this.mutualTlsDomain?.truststoreBucket.bucketPrefixInput],
    ];
    return names.flatMap(([rule, name]) => (name === undefined ? [] : checkNameFromPrefix(rule, this.prefix, name)));
  }

  /** A bound client needs the mutual-TLS domain, and its certificates must pass the domain's truststore. */
  private checkMutualTlsBinding(client: ClientDefinition): Problem[] {
    if (!this.truststore) {
      return [warning('mtls', 'required', 'requires a client certificate, but this platform serves no mutual-TLS domain, so every request of this client is refused (403)', 'configure mutualTls on the platform, or remove the requirement')];
    }
    return client.mtlsCertificates
      .filter((certificate) => !issuedByTruststore(certificate, this.truststore ?? []))
      .map((certificate) =>
        error('mtls.certificates', certificate.subject.replace(/\n/g, ', '), `is issued by ${certificate.issuer.replace(/\n/g, ', ')}, which is not in the platform's truststore, so API Gateway refuses it at the handshake`, 'bind a certificate issued by a truststore CA, or add its CA to the truststore'),
      );
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

/** The domain name and its certificate's ARN, as API Gateway takes them. */
function checkDomain({ domainName, certificateArn }: MutualTlsDomainSettings): Problem[] {
  const problems: Problem[] = [];
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    problems.push(error('mutualTls.domainName', domainName, 'is not a lowercase DNS name', 'use the custom domain clients will call, e.g. api.example.com'));
  }
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/.test(certificateArn)) {
    problems.push(error('mutualTls.certificateArn', certificateArn, 'is not an ACM certificate ARN', 'use the ARN of the domain\'s ACM certificate in the platform\'s region'));
  }
  return problems;
}
