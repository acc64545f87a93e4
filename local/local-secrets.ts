/**
 * The local run's stand-in for Secrets Manager: .gatehouse/local/secrets.json, a JSON object mapping
 * each secret ARN to its secret string (for a JSON secret, the JSON text), which the authorizer reads
 * through its `file:` secret source. The user adds entries for their own HMAC clients; each start
 * merges the demo client's secret in and keeps every other entry as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkHmacSecret } from './hmac-secret-checks';

export interface HmacClientSecrets {
  readonly client: string;
  /** The record's references: `<arn>` or `<arn>#<jsonField>`. */
  readonly refs: readonly string[];
}

/**
 * Writes the demo secret into `file`, keeping the other entries, and returns warnings for every HMAC
 * client whose secret is missing from the file or would be refused or never match (never a secret).
 */
export function prepareLocalSecrets(file: string, demo: { readonly arn: string; readonly secret: string }, clients: readonly HmacClientSecrets[]): string[] {
  const secrets = readSecretsFile(file);
  if (secrets[demo.arn] !== demo.secret) {
    writeFileSync(file, `${JSON.stringify({ ...secrets, [demo.arn]: demo.secret }, null, 2)}\n`, { mode: 0o600 });
    secrets[demo.arn] = demo.secret;
  }
  return clients.flatMap(({ client, refs }) => refs.flatMap((ref) => checkReference(file, secrets, client, ref)));
}

function readSecretsFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it: it maps each secret ARN to its secret, {"arn:aws:secretsmanager:…": "…"}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} must hold one JSON object mapping each secret ARN to its secret, {"arn:aws:secretsmanager:…": "…"}`);
  }
  return parsed as Record<string, unknown>;
}

function checkReference(file: string, secrets: Record<string, unknown>, client: string, ref: string): string[] {
  const hash = ref.indexOf('#');
  const arn = hash === -1 ? ref : ref.slice(0, hash);
  const field = hash === -1 ? undefined : ref.slice(hash + 1);
  const stored = Object.hasOwn(secrets, arn) ? secrets[arn] : undefined;
  const fix = `add "${arn}": "<the secret>" to ${file}`;
  if (typeof stored !== 'string') {
    return [`client "${client}": ${file} has no secret string for ${arn}, so its tokens get 500; ${fix}`];
  }
  let secret: unknown = stored;
  if (field !== undefined) {
    try {
      const parsed = JSON.parse(stored) as unknown;
      secret = typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, field) ? (parsed as Record<string, unknown>)[field] : undefined;
    } catch {
      secret = undefined;
    }
    if (typeof secret !== 'string') return [`client "${client}": the secret for ${arn} in ${file} is not JSON with a string field "${field}", so its tokens get 500`];
  }
  return checkHmacSecret(secret as string).map((problem) => `client "${client}": the secret ${ref} ${problem.message}`);
}
