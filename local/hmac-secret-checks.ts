/**
 * Checks an HMAC client's shared secret wherever a tool can read it (the CLI's `token`, the local run's
 * secrets file), so a secret the authorizer would refuse or never match is caught before any request.
 *
 * The secret is used as its exact UTF-8 text, as jwt.io's HS256 does and as the authorizer keys HS256
 * with the Secrets Manager string: nothing is trimmed or decoded. So a stray newline (what
 * `openssl rand -base64 32 > file` writes) is part of the secret, and almost always a mistake.
 */
import { MIN_HMAC_SECRET_BYTES } from '../record/signing';

export interface HmacSecretProblem {
  readonly kind: 'short' | 'whitespace';
  /** What is wrong and how to fix it; never the secret itself. */
  readonly message: string;
}

export function checkHmacSecret(secret: string): HmacSecretProblem[] {
  const problems: HmacSecretProblem[] = [];
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_HMAC_SECRET_BYTES) {
    problems.push({
      kind: 'short',
      message: `is ${bytes} bytes; HS256 needs at least ${MIN_HMAC_SECRET_BYTES} (the authorizer refuses shorter secrets). Make one with: openssl rand -base64 32 | tr -d '\\n'`,
    });
  }
  if (secret !== secret.trim()) {
    const where = [/^\s/.test(secret) ? 'starts' : '', /\s$/.test(secret) ? 'ends' : ''].filter(Boolean).join(' and ');
    problems.push({
      kind: 'whitespace',
      message: `${where} with whitespace (a newline?). The secret is used as its exact UTF-8 text, as jwt.io does, so that whitespace would be part of it. Store and pass it without: printf %s "$SECRET" > secret.txt, or openssl rand -base64 32 | tr -d '\\n' > secret.txt`,
    });
  }
  return problems;
}
