/**
 * What a decision can conclude, and why. Every reason has exactly one outcome, so a reason code in a log
 * line always tells the status the caller saw:
 *   allow        → 200 (an Allow policy)
 *   unauthorized → 401 (not proven genuine: API Gateway's `Unauthorized`)
 *   deny         → 403 (genuine, but not permitted: an explicit Deny)
 *   error        → 500 (a dependency or the configuration failed; fails closed, never allows)
 */
import type { KeyRecord } from '../record/key-record';

export const REASON_OUTCOMES = {
  ok: 'allow',

  authorization_missing: 'unauthorized',
  authorization_scheme_invalid: 'unauthorized',
  authorization_ambiguous: 'unauthorized',
  token_too_large: 'unauthorized',
  token_malformed: 'unauthorized',
  token_encrypted: 'unauthorized',
  token_crit_unsupported: 'unauthorized',
  token_typ_not_allowed: 'unauthorized',
  token_alg_not_allowed: 'unauthorized',
  api_key_missing: 'unauthorized',
  api_key_unknown: 'unauthorized',
  signing_key_unknown: 'unauthorized',
  signature_invalid: 'unauthorized',
  public_key_expired: 'unauthorized',
  token_expiry_missing: 'unauthorized',
  token_expired: 'unauthorized',
  token_not_yet_valid: 'unauthorized',
  token_issued_in_future: 'unauthorized',
  token_lifetime_too_long: 'unauthorized',
  issuer_mismatch: 'unauthorized',
  audience_mismatch: 'unauthorized',
  token_binding_unsupported: 'unauthorized',

  client_disabled: 'deny',
  key_disabled: 'deny',
  key_expired: 'deny',
  source_ip_invalid: 'deny',
  ip_blocked: 'deny',
  ip_not_allowed: 'deny',
  mtls_certificate_missing: 'deny',
  mtls_certificate_invalid: 'deny',
  mtls_certificate_expired: 'deny',
  mtls_certificate_not_bound: 'deny',
  mtls_token_binding_mismatch: 'deny',
  no_collections: 'deny',
  request_path_unsupported: 'deny',
  route_not_in_collections: 'deny',
  route_partly_in_collections: 'deny',

  configuration_invalid: 'error',
  event_unsupported: 'error',
  method_arn_invalid: 'error',
  route_key_invalid: 'error',
  store_unavailable: 'error',
  record_invalid: 'error',
  secret_unavailable: 'error',
  identity_provider_unavailable: 'error',
  internal_error: 'error',
} as const;

export type Reason = keyof typeof REASON_OUTCOMES;
export type Outcome = (typeof REASON_OUTCOMES)[Reason];

export const OUTCOME_STATUS: Record<Outcome, 200 | 401 | 403 | 500> = {
  allow: 200,
  unauthorized: 401,
  deny: 403,
  error: 500,
};

/**
 * What a refusal is about, as data (like jose's and aws-jwt-verify's errors carry the claim): the part of
 * the request judged (`field`: a claim such as `exp`, `alg`, `aud`, or `sourceIp`, `route`, `key`), the
 * value found and what was expected. Written to the log line as `facts`, so alerts and queries can filter
 * on them without parsing `detail`. Never holds a token, key or secret.
 */
export interface RefusalFacts {
  readonly field: string;
  readonly actual?: string | number | null;
  readonly expected?: string | number | readonly string[];
}

/**
 * A refusal raised by a decision step. Steps throw it; the authorizer turns it into a Decision. Only
 * refusal paths pay for the exception, never the allow path.
 */
export class Refusal extends Error {
  constructor(
    readonly reason: Exclude<Reason, 'ok'>,
    readonly detail: string,
    readonly facts?: RefusalFacts,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export function refuse(reason: Exclude<Reason, 'ok'>, detail: string, facts?: RefusalFacts): never {
  throw new Refusal(reason, detail, facts);
}

/** Where the API key came from in the token, e.g. `payload:https://gatehouse.dev/sub` or `header:kid`. */
export type KeySource = `payload:${string}` | `header:${string}`;

export interface Decision {
  readonly outcome: Outcome;
  readonly reason: Reason;
  /** Human-readable, for logs and `gatehouse explain`. Never contains a token, key or secret. */
  readonly detail: string;
  /** A refusal's subject as data; absent for allows and for refusals that have no single field. */
  readonly facts?: RefusalFacts;
  /** The key record, once found; absent for refusals before the lookup. */
  readonly record?: KeyRecord;
  /** The token's `sub`, unless `sub` carried the API key itself. */
  readonly subject?: string;
  readonly keySource?: KeySource;
  /** Whether the key record came from the in-memory cache. */
  readonly recordCache?: 'hit' | 'miss';
}

/** One step of a decision as `gatehouse explain` shows it. Collected only when a trace is asked for. */
export interface TraceStep {
  readonly step: string;
  readonly verdict: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}
export type Trace = TraceStep[];

/** What API key tokens look like, in any claim a token might put one: Gatehouse tokens and 64-hex imports. */
const KEY_LIKE = /gatehouse_[0-9A-Za-z]{49}|\b[0-9a-fA-F]{64}\b/g;

/**
 * JSON.stringify leaves U+2028 and U+2029 raw: valid JSON, but line breaks to JavaScript, terminals and
 * some log viewers, so an untrusted value could split or forge a log line. In JSON text they can only
 * sit inside strings, where `\u2028` is the same value.
 */
const LINE_SEPARATORS = /[\u2028\u2029]/g;
export function escapeLineSeparators(json: string): string {
  return json.replace(LINE_SEPARATORS, (separator) => (separator === '\u2028' ? '\\u2028' : '\\u2029'));
}

/**
 * An untrusted value for a log line or trace: JSON, with anything shaped like an API key token replaced
 * (a key can sit in any claim, `kid` included), U+2028 and U+2029 escaped, cut to 64 characters so a
 * token cannot flood a log.
 */
/** A refusal's facts as the log line holds them: request values shortened, key-like text redacted, as `quote` does. */
export function factsForLog(facts: RefusalFacts): string {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.length > 5 ? [...value.slice(0, 5).map(clean), `+${value.length - 5} more`] : value.map(clean);
    if (typeof value !== 'string') return value;
    const text = value.replace(KEY_LIKE, '<api key>');
    return text.length > 64 ? `${text.slice(0, 61)}...` : text;
  };
  return escapeLineSeparators(JSON.stringify({ field: facts.field, actual: clean(facts.actual), expected: clean(facts.expected) }));
}

export function quote(value: unknown): string {
  const text = escapeLineSeparators((JSON.stringify(value) ?? String(value)).replace(KEY_LIKE, '<api key>'));
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}
