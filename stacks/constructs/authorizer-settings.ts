/**
 * The authorizer's settings as a platform declares them, and the environment variables they become.
 * The environment is checked at synth with the authorizer's own configuration loader, so a setting the
 * Lambda would refuse fails `cdktf synth` instead of every request.
 */
import type { ImportedKeyFormat } from '../../record/api-key-token';
import { type ConfigVariable, loadConfig } from '../../lambda/config';
import type { KeyClaimPreset } from '../../lambda/key-claims';
import { error, type Problem } from '../model/problems';

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

export interface AuthorizerSettings {
  readonly keyClaims?: KeyClaimSettings;
  /** Formats of keys minted elsewhere to accept, for migrations. Default: none. */
  readonly importedKeyFormats?: readonly ImportedKeyFormat[];
  /** How long a key record is cached in memory (a disabled key stops working within this). Default 60. */
  readonly recordCacheTtlSeconds?: number;
  /** How long an unknown key is remembered. Default 30. */
  readonly unknownKeyCacheTtlSeconds?: number;
  /** Allowed clock drift for exp, nbf and iat. Default 30. */
  readonly clockToleranceSeconds?: number;
}

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
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** Problems with the settings, as the authorizer would report them at cold start. */
export function checkAuthorizerEnvironment(env: Record<string, string>): Problem[] {
  // The table name may be a Terraform token at synth; any non-empty string satisfies the loader.
  try {
    loadConfig({ ...env, GATEHOUSE_TABLE_NAME: 'table' });
    return [];
  } catch (caught) {
    return [error('authorizer', env, (caught as Error).message, 'correct the authorizer setting named in the message')];
  }
}
