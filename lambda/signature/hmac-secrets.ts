/**
 * Shared secrets of HMAC clients. The key record holds only references; the values come from a secret
 * source and stay in memory.
 *
 * A reference is a Secrets Manager secret ARN, optionally followed by `#field` to read one field of a
 * JSON secret (what the console's key/value secrets hold). Sources:
 * - `aws-secretsmanager` (on AWS): GetSecretValue, with the Lambda's least-privilege role.
 * - `file:<path>` (local runs and tests): a JSON object mapping each ARN to its secret string, kept in
 *   the git-ignored `.gatehouse/` folder. Never used on AWS: the platform stack does not offer it.
 *
 * Loads are bounded like the key table's reads (aws-client-limits.ts) and shared: while Secrets
 * Manager hangs, one load per secret is in flight, and decisions needing it fail closed
 * (`secret_unavailable`, 500) after the deadline instead of waiting out the Lambda's timeout.
 *
 * A secret is its exact UTF-8 text. Leading or trailing whitespace (typically the newline of
 * `openssl rand -base64 32 > file` stored as the secret) is part of the key and is not trimmed, since
 * the client may sign with it; but it is remembered, so a signature that fails says so.
 */
import { readFile } from 'node:fs/promises';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { MIN_HMAC_SECRET_BYTES } from '../../record/signing';
import { boundedClientConfig, overallDeadlineMs } from '../aws-client-limits';
import { RefreshingCache } from '../refreshing-cache';

export interface SecretSource {
  /** The secret string stored under `secretId` (an ARN). */
  fetch(secretId: string): Promise<string>;
}

type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');

export class SecretsManagerSource implements SecretSource {
  private sdk: { client: InstanceType<SecretsManagerSdk['SecretsManagerClient']>; Command: SecretsManagerSdk['GetSecretValueCommand'] } | undefined;

  /** @param timeoutMs per attempt, to connect and to answer (GATEHOUSE_SECRET_TIMEOUT_MS). */
  constructor(private readonly timeoutMs: number) {}

  async fetch(secretId: string): Promise<string> {
    if (!this.sdk) {
      // Required on first use, so that deployments without HMAC clients never load this client at cold
      // start. A plain require: the Lambda runtime resolves its bundled SDK through NODE_PATH. Endpoint
      // and region come from the SDK's standard settings (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION).
      const sdk = require('@aws-sdk/client-secrets-manager') as SecretsManagerSdk;
      this.sdk = { client: new sdk.SecretsManagerClient(boundedClientConfig(this.timeoutMs)), Command: sdk.GetSecretValueCommand };
    }
    const output = await this.sdk.client.send(new this.sdk.Command({ SecretId: secretId }), { abortSignal: AbortSignal.timeout(overallDeadlineMs(this.timeoutMs)) });
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

interface LoadedSecret {
  readonly key: KeyObject;
  /** Set when the text has leading or trailing whitespace, for the refusal's detail. */
  readonly whitespace: string | undefined;
}

/** What is unusual about the ends of a secret, if anything. */
function whitespaceProblem(secret: string): string | undefined {
  if (/\r?\n$/.test(secret)) return 'ends with a line break';
  if (/\s$/.test(secret)) return 'ends with whitespace';
  if (/^\s/.test(secret)) return 'starts with whitespace';
  return undefined;
}

export class HmacSecrets {
  private readonly cache: RefreshingCache<string, LoadedSecret>;

  constructor(source: SecretSource, options: { ttlMs: number; maxStaleMs: number; now?: () => number }) {
    this.cache = new RefreshingCache<string, LoadedSecret>(
      async (ref) => {
        const hash = ref.indexOf('#');
        const secretId = hash === -1 ? ref : ref.slice(0, hash);
        const field = hash === -1 ? undefined : ref.slice(hash + 1);
        const text = selectField(await source.fetch(secretId), field, ref);
        const secret = Buffer.from(text, 'utf8');
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
          throw new SecretInvalidError(`secret ${ref} is ${secret.length} bytes; HS256 needs at least ${MIN_HMAC_SECRET_BYTES}`);
        }
        return { key: createSecretKey(secret), whitespace: whitespaceProblem(text) };
      },
      { freshMs: options.ttlMs, maxStaleMs: options.maxStaleMs, retryAfterMs: 2_000, maxEntries: 1_000, now: options.now },
    );
  }

  /** The secret key for a reference: synchronous when a usable one is cached, else loaded (and then cached). */
  get(ref: string): KeyObject | Promise<KeyObject> {
    const loaded = this.cache.current(ref);
    return loaded ? loaded.key : this.cache.get(ref).then((secret) => secret.key);
  }

  /**
   * For a refused signature: what is unusual about the loaded secret's text, e.g. `secret <arn> ends
   * with a line break, which is part of the key (…)`. The secret itself is never quoted.
   */
  whitespaceNote(ref: string): string | undefined {
    const problem = this.cache.current(ref)?.whitespace;
    return problem && `secret ${ref} ${problem}, which is part of the key: sign with its exact text, or store it without`;
  }
}
