/**
 * The authorizer's configuration, from environment variables (the platform stack sets them on the
 * Lambda; the local gateway sets them in-process). Invalid configuration is an error at cold start, and
 * every request then fails closed with `configuration_invalid`.
 */
import { IMPORTED_KEY_FORMATS, type ImportedKeyFormat } from '../record/api-key-token';
import type { OidcOptions } from './signature/oidc-keys';
import { KEY_CLAIM_PRESETS, type KeyClaimConfig, type KeyClaimPreset } from './key-claims';

export interface AuthorizerConfig {
  readonly tableName: string;
  readonly keyClaims: KeyClaimConfig;
  readonly importedKeyFormats: readonly ImportedKeyFormat[];
  readonly maxTokenBytes: number;
  readonly clockToleranceSeconds: number;
  readonly records: { readonly ttlMs: number; readonly negativeTtlMs: number; readonly maxEntries: number };
  readonly storeTimeoutMs: number;
  readonly secrets: { readonly source: 'aws-secretsmanager' | { readonly file: string }; readonly ttlMs: number; readonly maxStaleMs: number };
  /** Discovery and key-set fetching for OIDC clients: the options OidcKeys takes, less its clock. */
  readonly oidc: Omit<OidcOptions, 'now'>;
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
  GATEHOUSE_RECORD_TTL_SECONDS: '60',
  GATEHOUSE_RECORD_NEGATIVE_TTL_SECONDS: '30',
  GATEHOUSE_RECORD_CACHE_ENTRIES: '10000',
  GATEHOUSE_STORE_TIMEOUT_MS: '1000',
  GATEHOUSE_SECRETS_SOURCE: 'aws-secretsmanager',
  GATEHOUSE_SECRET_TTL_SECONDS: '300',
  GATEHOUSE_SECRET_MAX_STALE_SECONDS: '3600',
  GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: '2000',
  GATEHOUSE_OIDC_DISCOVERY_MAX_BYTES: '65536',
  GATEHOUSE_OIDC_JWKS_MAX_BYTES: '262144',
  GATEHOUSE_OIDC_DISCOVERY_REFRESH_SECONDS: '3600',
  GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS: '300',
  GATEHOUSE_OIDC_UNKNOWN_KID_COOLDOWN_SECONDS: '10',
  GATEHOUSE_OIDC_MAX_STALE_SECONDS: '3600',
  GATEHOUSE_OIDC_RETRY_AFTER_SECONDS: '5',
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
  };
}
