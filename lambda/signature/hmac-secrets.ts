/**
 * Shared secrets of HMAC clients. The key record holds only references; the values come from a secret
 * source and stay in memory.
 *
 * A reference is a Secrets Manager secret ARN, optionally followed by `#field` to read one field of a
 * JSON secret (what the console's key/value secrets hold). Sources:
 * - `aws-secretsmanager` (on AWS): GetSecretValue, with the Lambda's least-privilege role.
 * - `file:<path>` (local runs and tests): a JSON object mapping each ARN to its secret string, kept in
 *   the git-ignored `.gatehouse/` folder. Never used on AWS: the platform stack does not offer it.
 */
import { readFile } from 'node:fs/promises';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { MIN_HMAC_SECRET_BYTES } from '../../record/signing';
import { RefreshingCache } from '../refreshing-cache';

export interface SecretSource {
  /** The secret string stored under `secretId` (an ARN). */
  fetch(secretId: string): Promise<string>;
}

type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');

export class SecretsManagerSource implements SecretSource {
  private sdk: { client: InstanceType<SecretsManagerSdk['SecretsManagerClient']>; Command: SecretsManagerSdk['GetSecretValueCommand'] } | undefined;

  async fetch(secretId: string): Promise<string> {
    if (!this.sdk) {
      // Required on first use, so that deployments without HMAC clients never load this client at cold
      // start. A plain require: the Lambda runtime resolves its bundled SDK through NODE_PATH.
      const sdk = require('@aws-sdk/client-secrets-manager') as SecretsManagerSdk;
      this.sdk = { client: new sdk.SecretsManagerClient({ maxAttempts: 2 }), Command: sdk.GetSecretValueCommand };
    }
    const output = await this.sdk.client.send(new this.sdk.Command({ SecretId: secretId }));
    if (typeof output.SecretString !== 'string') throw new Error(`secret ${secretId} has no SecretString`);
    return output.SecretString;
  }
}

export class FileSecretSource implements SecretSource {
  constructor(private readonly path: string) {}

  async fetch(secretId: string): Promise<string> {
    const secrets = JSON.parse(await readFile(this.path, 'utf8')) as Record<string, unknown>;
    const value = Object.hasOwn(secrets, secretId) ? secrets[secretId] : undefined;
    if (typeof value !== 'string') throw new Error(`no secret ${secretId} in ${this.path}`);
    return value;
  }
}

/** A reference's secret, as the bytes HS256 keys with. */
export class SecretInvalidError extends Error {
  override readonly name = 'SecretInvalidError';
}

function selectField(secretString: string, field: string | undefined, ref: string): string {
  if (field === undefined) return secretString;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new SecretInvalidError(`secret ${ref} is not JSON, so it has no field "${field}"`);
  }
  const value = typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, field) ? (parsed as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') throw new SecretInvalidError(`secret ${ref} has no string field "${field}"`);
  return value;
}

export class HmacSecrets {
  private readonly cache: RefreshingCache<string, KeyObject>;

  constructor(source: SecretSource, options: { ttlMs: number; maxStaleMs: number; now?: () => number }) {
    this.cache = new RefreshingCache(
      async (ref) => {
        const hash = ref.indexOf('#');
        const secretId = hash === -1 ? ref : ref.slice(0, hash);
        const field = hash === -1 ? undefined : ref.slice(hash + 1);
        const secret = Buffer.from(selectField(await source.fetch(secretId), field, ref), 'utf8');
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
          throw new SecretInvalidError(`secret ${ref} is ${secret.length} bytes; HS256 needs at least ${MIN_HMAC_SECRET_BYTES}`);
        }
        return createSecretKey(secret);
      },
      { freshMs: options.ttlMs, maxStaleMs: options.maxStaleMs, retryAfterMs: 2_000, maxEntries: 1_000, now: options.now },
    );
  }

  /** The secret key for a reference: synchronous when a usable one is cached, else loaded (and then cached). */
  get(ref: string): KeyObject | Promise<KeyObject> {
    return this.cache.current(ref) ?? this.cache.get(ref);
  }
}
