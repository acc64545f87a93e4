/**
 * The authorizer's settings contract: the environment variables the platform stack sets on the Lambda
 * (and the local gateway sets in-process), their defaults and limits, and the configuration they load
 * into. Synth loads the environment it generates with this same loader, so a setting the authorizer
 * would refuse fails `cdktf synth` instead of every request; at cold start, invalid configuration makes
 * every request fail closed with `configuration_invalid`.
 */
import { IMPORTED_KEY_FORMATS, type ImportedKeyFormat } from './api-key-token';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_METRICS_SERVICE, isMetricDimensionValue, metricsNamespaceProblem } from './decision-metrics';
import { KEY_CLAIM_PRESETS, type KeyClaimConfig, type KeyClaimPreset } from './key-claims';

/** How the authorizer fetches OIDC discovery documents and key sets. */
export interface OidcSettings {
  readonly fetchTimeoutMs: number;
  readonly discoveryMaxBytes: number;
  readonly jwksMaxBytes: number;
  /** How long a discovery document is used before it is fetched again. */
  readonly discoveryRefreshMs: number;
  /** How long a key set is used before it is fetched again (when removed keys stop working). */
  readonly jwksRefreshMs: number;
  /** Least time between two refetches caused by unknown `kid`s. */
  readonly unknownKidCooldownMs: number;
  /** How long past their fetch documents keep serving while the provider is unreachable. */
  readonly maxStaleMs: number;
  /** How long a failed fetch is remembered before the provider is tried again. */
  readonly retryAfterMs: number;
}

/** The CloudWatch metrics in decision lines (record/decision-metrics.ts). */
export interface MetricsConfig {
  readonly enabled: boolean;
  readonly namespace: string;
  /** The `service` dimension's value: which deployment wrote the line. */
  readonly service: string;
  /** Decisions by client as well; one metric per client, so off by default. */
  readonly perClient: boolean;
}

export interface AuthorizerConfig {
  readonly tableName: string;
  readonly keyClaims: KeyClaimConfig;
  readonly importedKeyFormats: readonly ImportedKeyFormat[];
  readonly maxTokenBytes: number;
  readonly clockToleranceSeconds: number;
  readonly records: { readonly ttlMs: number; readonly negativeTtlMs: number; readonly maxEntries: number };
  readonly storeTimeoutMs: number;
  readonly secrets: {
    readonly source: 'aws-secretsmanager' | { readonly file: string };
    readonly ttlMs: number;
    readonly maxStaleMs: number;
    /** Per attempt, to connect and to answer, like the table's; a load gives up after two attempts. */
    readonly timeoutMs: number;
  };
  /** Discovery and key-set fetching for OIDC clients. */
  readonly oidc: OidcSettings;
  readonly metrics: MetricsConfig;
  /**
   * HTTP APIs (payload 2.0) answered with the simple response (`isAuthorized`), as the HTTP API's
   * authorizer sets `enableSimpleResponses`; otherwise with an IAM policy. Payload 1.0 and REST APIs
   * always get a policy.
   */
  readonly httpApiSimpleResponses: boolean;
}

/** Every variable the authorizer reads, with its default; the platform stack and README use this list. */
export const CONFIG_VARIABLES = {
  GATEHOUSE_TABLE_NAME: undefined,
  GATEHOUSE_KEY_CLAIMS_PRESET: 'gatehouse',
  GATEHOUSE_CUSTOM_KEY_CLAIMS: '',
  GATEHOUSE_NAMESPACED_KEY_CLAIM: undefined, // default: the preset's
  GATEHOUSE_SHORT_KEY_CLAIM: undefined, // default: the preset's
  GATEHOUSE_KEY_IN_HEADER_KID: undefined, // default: the preset's
  GATEHOUSE_KEY_IN_SUB: undefined, // default: the preset's
  GATEHOUSE_IMPORTED_KEY_FORMATS: '',
  GATEHOUSE_MAX_TOKEN_BYTES: '8192',
  GATEHOUSE_CLOCK_TOLERANCE_SECONDS: '30',
  // Bounds how long a disabled or removed key keeps working once its item changed: the flush after a
  // deploy (or `gatehouse revoke`) empties API Gateway's result cache, and then a warm Lambda serves its
  // cached record for at most this long. Issue 18 asks for refusal within 30 s of the deploy finishing:
  // 20 s, plus about a second for DynamoDB's eventually consistent read to see the write, leaves time for
  // the flush step. The price is one GetItem per active key per warm container every 20 s instead of 60 s:
  // a few thousand reads a day per busy key, cents a month, and never on the request path of a cached key.
  GATEHOUSE_RECORD_TTL_SECONDS: '20',
  GATEHOUSE_RECORD_NEGATIVE_TTL_SECONDS: '30',
  GATEHOUSE_RECORD_CACHE_ENTRIES: '10000',
  GATEHOUSE_STORE_TIMEOUT_MS: '1000',
  GATEHOUSE_SECRETS_SOURCE: 'aws-secretsmanager',
  GATEHOUSE_SECRET_TTL_SECONDS: '300',
  GATEHOUSE_SECRET_MAX_STALE_SECONDS: '3600',
  GATEHOUSE_SECRET_TIMEOUT_MS: '1000',
  GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: '2000',
  GATEHOUSE_OIDC_DISCOVERY_MAX_BYTES: '65536',
  GATEHOUSE_OIDC_JWKS_MAX_BYTES: '262144',
  GATEHOUSE_OIDC_DISCOVERY_REFRESH_SECONDS: '3600',
  GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS: '300',
  GATEHOUSE_OIDC_UNKNOWN_KID_COOLDOWN_SECONDS: '10',
  GATEHOUSE_OIDC_MAX_STALE_SECONDS: '3600',
  GATEHOUSE_OIDC_RETRY_AFTER_SECONDS: '5',
  GATEHOUSE_METRICS_ENABLED: 'true',
  GATEHOUSE_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE,
  GATEHOUSE_METRICS_SERVICE: DEFAULT_METRICS_SERVICE,
  GATEHOUSE_METRICS_PER_CLIENT: 'false',
  // As API Gateway's own default for an HTTP API authorizer; GatehouseHttpApi sets it to what it configures.
  GATEHOUSE_HTTP_API_SIMPLE_RESPONSES: 'false',
} as const satisfies Record<string, string | undefined>;
export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: ConfigVariable): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? CONFIG_VARIABLES[name] : value;
}

function integer(env: Env, name: ConfigVariable, min: number, max: number): number {
  const text = read(env, name);
  const value = Number(text);
  if (!/^\d+$/.test(text ?? '') || value < min || value > max) {
    throw new ConfigError(`${name}=${JSON.stringify(text)}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function flag(env: Env, name: ConfigVariable, fallback: boolean): boolean {
  const text = read(env, name);
  if (text === undefined) return fallback;
  if (text !== 'true' && text !== 'false') throw new ConfigError(`${name}=${JSON.stringify(text)}: expected true or false`);
  return text === 'true';
}

function list(env: Env, name: ConfigVariable): string[] {
  return (read(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A claim-name override: unset → the preset's, `none` → not used. */
function claimName(env: Env, name: ConfigVariable, fallback: string | null): string | null {
  const text = read(env, name);
  if (text === undefined) return fallback;
  return text === 'none' ? null : text;
}

export function loadConfig(env: Env): AuthorizerConfig {
  const tableName = read(env, 'GATEHOUSE_TABLE_NAME');
  if (!tableName) throw new ConfigError('GATEHOUSE_TABLE_NAME is not set');

  const presetName = read(env, 'GATEHOUSE_KEY_CLAIMS_PRESET') as string;
  if (!Object.hasOwn(KEY_CLAIM_PRESETS, presetName)) {
    throw new ConfigError(`GATEHOUSE_KEY_CLAIMS_PRESET=${JSON.stringify(presetName)}: expected one of ${Object.keys(KEY_CLAIM_PRESETS).join(', ')}`);
  }
  const preset: KeyClaimConfig = KEY_CLAIM_PRESETS[presetName as KeyClaimPreset];

  const importedKeyFormats = list(env, 'GATEHOUSE_IMPORTED_KEY_FORMATS');
  for (const format of importedKeyFormats) {
    if (!(IMPORTED_KEY_FORMATS as readonly string[]).includes(format)) {
      throw new ConfigError(`GATEHOUSE_IMPORTED_KEY_FORMATS: unknown format ${JSON.stringify(format)}; known: ${IMPORTED_KEY_FORMATS.join(', ')}`);
    }
  }

  const secretsSource = read(env, 'GATEHOUSE_SECRETS_SOURCE') as string;
  let source: AuthorizerConfig['secrets']['source'];
  if (secretsSource === 'aws-secretsmanager') source = 'aws-secretsmanager';
  else if (secretsSource.startsWith('file:') && secretsSource.length > 'file:'.length) source = { file: secretsSource.slice('file:'.length) };
  else throw new ConfigError(`GATEHOUSE_SECRETS_SOURCE=${JSON.stringify(secretsSource)}: expected aws-secretsmanager or file:<path>`);

  const namespace = read(env, 'GATEHOUSE_METRICS_NAMESPACE') as string;
  const namespaceProblem = metricsNamespaceProblem(namespace);
  if (namespaceProblem) throw new ConfigError(`GATEHOUSE_METRICS_NAMESPACE=${JSON.stringify(namespace)}: ${namespaceProblem}`);
  const service = read(env, 'GATEHOUSE_METRICS_SERVICE') as string;
  if (!isMetricDimensionValue(service)) throw new ConfigError(`GATEHOUSE_METRICS_SERVICE=${JSON.stringify(service)}: expected 1 to 1024 printable ASCII characters`);

  const seconds = (name: ConfigVariable, min: number, max: number) => integer(env, name, min, max) * 1000;
  const day = 86_400;
  return {
    tableName,
    keyClaims: {
      customClaims: list(env, 'GATEHOUSE_CUSTOM_KEY_CLAIMS'),
      namespacedClaim: claimName(env, 'GATEHOUSE_NAMESPACED_KEY_CLAIM', preset.namespacedClaim),
      shortClaim: claimName(env, 'GATEHOUSE_SHORT_KEY_CLAIM', preset.shortClaim),
      headerKid: flag(env, 'GATEHOUSE_KEY_IN_HEADER_KID', preset.headerKid),
      subject: flag(env, 'GATEHOUSE_KEY_IN_SUB', preset.subject),
    },
    importedKeyFormats: importedKeyFormats as ImportedKeyFormat[],
    maxTokenBytes: integer(env, 'GATEHOUSE_MAX_TOKEN_BYTES', 512, 65_536),
    clockToleranceSeconds: integer(env, 'GATEHOUSE_CLOCK_TOLERANCE_SECONDS', 0, 300),
    records: {
      ttlMs: seconds('GATEHOUSE_RECORD_TTL_SECONDS', 1, day),
      negativeTtlMs: seconds('GATEHOUSE_RECORD_NEGATIVE_TTL_SECONDS', 1, day),
      maxEntries: integer(env, 'GATEHOUSE_RECORD_CACHE_ENTRIES', 1, 1_000_000),
    },
    storeTimeoutMs: integer(env, 'GATEHOUSE_STORE_TIMEOUT_MS', 50, 30_000),
    secrets: {
      source,
      ttlMs: seconds('GATEHOUSE_SECRET_TTL_SECONDS', 1, day),
      maxStaleMs: seconds('GATEHOUSE_SECRET_MAX_STALE_SECONDS', 0, 7 * day),
      timeoutMs: integer(env, 'GATEHOUSE_SECRET_TIMEOUT_MS', 50, 30_000),
    },
    oidc: {
      fetchTimeoutMs: integer(env, 'GATEHOUSE_OIDC_FETCH_TIMEOUT_MS', 50, 30_000),
      discoveryMaxBytes: integer(env, 'GATEHOUSE_OIDC_DISCOVERY_MAX_BYTES', 1_024, 1_048_576),
      jwksMaxBytes: integer(env, 'GATEHOUSE_OIDC_JWKS_MAX_BYTES', 1_024, 4_194_304),
      discoveryRefreshMs: seconds('GATEHOUSE_OIDC_DISCOVERY_REFRESH_SECONDS', 1, day),
      jwksRefreshMs: seconds('GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS', 1, day),
      unknownKidCooldownMs: seconds('GATEHOUSE_OIDC_UNKNOWN_KID_COOLDOWN_SECONDS', 0, day),
      maxStaleMs: seconds('GATEHOUSE_OIDC_MAX_STALE_SECONDS', 0, 7 * day),
      retryAfterMs: seconds('GATEHOUSE_OIDC_RETRY_AFTER_SECONDS', 0, 3_600),
    },
    metrics: {
      enabled: flag(env, 'GATEHOUSE_METRICS_ENABLED', true),
      namespace,
      service,
      perClient: flag(env, 'GATEHOUSE_METRICS_PER_CLIENT', false),
    },
    httpApiSimpleResponses: flag(env, 'GATEHOUSE_HTTP_API_SIMPLE_RESPONSES', false),
  };
}

/** The authorizer's settings as a platform declares them (GatehousePlatform's `authorizer`). */
export interface KeyClaimSettings {
  /** Claim names to start from. Default `gatehouse`; `workato` matches the reference platform's docs. */
  readonly preset?: KeyClaimPreset;
  /** Payload claims checked before all others, in order. */
  readonly customClaims?: readonly string[];
  /** Overrides the preset's namespaced claim; null: not used. */
  readonly namespacedClaim?: string | null;
  /** Overrides the preset's short claim; null: not used. */
  readonly shortClaim?: string | null;
  /** Whether the header `kid` may carry the key. Default: the preset's (true). */
  readonly headerKid?: boolean;
  /** Whether the payload `sub` may carry the key. Default: the preset's (true). */
  readonly subject?: boolean;
}

/** CloudWatch metrics in the decision lines (Embedded Metric Format); record/decision-metrics.ts names them. */
export interface MetricsSettings {
  /** Default true. Off: decision lines are plain JSON. */
  readonly enabled?: boolean;
  /** Default `Gatehouse`. */
  readonly namespace?: string;
  /** The `service` dimension's value, to tell deployments apart in one namespace. Default `gatehouse`. */
  readonly service?: string;
  /** Decisions by client too (one CloudWatch metric per client). Default false. */
  readonly perClient?: boolean;
}

export interface AuthorizerSettings {
  readonly keyClaims?: KeyClaimSettings;
  /** Formats of keys minted elsewhere to accept, for migrations. Default: none. */
  readonly importedKeyFormats?: readonly ImportedKeyFormat[];
  /** How long a key record is cached in memory (a disabled key stops working within this after the flush). Default 20. */
  readonly recordCacheTtlSeconds?: number;
  /** How long an unknown key is remembered. Default 30. */
  readonly unknownKeyCacheTtlSeconds?: number;
  /** Allowed clock drift for exp, nbf and iat. Default 30. */
  readonly clockToleranceSeconds?: number;
  readonly metrics?: MetricsSettings;
}

/** The environment variables that carry declared settings to the authorizer. */
export function authorizerEnvironment(tableName: string, settings: AuthorizerSettings, extra: Partial<Record<ConfigVariable, string>> = {}): Record<string, string> {
  const claims = settings.keyClaims ?? {};
  const optional = (value: string | number | boolean | null | undefined) => (value === undefined ? undefined : value === null ? 'none' : String(value));
  const env: Partial<Record<ConfigVariable, string>> = {
    GATEHOUSE_TABLE_NAME: tableName,
    GATEHOUSE_KEY_CLAIMS_PRESET: claims.preset,
    GATEHOUSE_CUSTOM_KEY_CLAIMS: claims.customClaims?.join(','),
    GATEHOUSE_NAMESPACED_KEY_CLAIM: optional(claims.namespacedClaim),
    GATEHOUSE_SHORT_KEY_CLAIM: optional(claims.shortClaim),
    GATEHOUSE_KEY_IN_HEADER_KID: optional(claims.headerKid),
    GATEHOUSE_KEY_IN_SUB: optional(claims.subject),
    GATEHOUSE_IMPORTED_KEY_FORMATS: settings.importedKeyFormats?.join(','),
    GATEHOUSE_RECORD_TTL_SECONDS: optional(settings.recordCacheTtlSeconds),
    GATEHOUSE_RECORD_NEGATIVE_TTL_SECONDS: optional(settings.unknownKeyCacheTtlSeconds),
    GATEHOUSE_CLOCK_TOLERANCE_SECONDS: optional(settings.clockToleranceSeconds),
    GATEHOUSE_METRICS_ENABLED: optional(settings.metrics?.enabled),
    GATEHOUSE_METRICS_NAMESPACE: settings.metrics?.namespace,
    GATEHOUSE_METRICS_SERVICE: settings.metrics?.service,
    GATEHOUSE_METRICS_PER_CLIENT: optional(settings.metrics?.perClient),
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/**
 * The variable that tells the authorizer how an HTTP API's authorizer is configured: with simple
 * responses it must answer `{ isAuthorized, context }`, otherwise an IAM policy (AWS, "Working with AWS
 * Lambda authorizers for HTTP APIs", Lambda authorizer response format). An answer in the other format is
 * an invalid response, which API Gateway turns into a 500.
 */
export function httpApiEnvironment(options: { readonly simpleResponses: boolean }): Partial<Record<ConfigVariable, string>> {
  return { GATEHOUSE_HTTP_API_SIMPLE_RESPONSES: String(options.simpleResponses) };
}
