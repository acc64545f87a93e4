/** API clients: who may call, how their tokens are verified, what they may call and at what rate. */
import type { AuthRecord, MtlsRecord, TokenRules } from '../../record/key-record';
import { normaliseDistinguishedName, normaliseFingerprint } from '../../lambda/mutual-tls';
import type { PolicyDefinition } from './access-policy';
import type { CollectionDefinition } from './api-collection';
import type { ClientAuth } from './client-auth';
import { checkName, error, type Problem, warning } from './problems';

export interface TokenSettings {
  /** Reject tokens without `exp`. Default true; turning it off makes a leaked token valid forever. */
  readonly requireExpiry?: boolean;
  /**
   * Longest token lifetime accepted, in seconds. Default: one day for tokens the client signs itself
   * (RSA, HMAC); none for OIDC, whose provider sets lifetimes. `null` removes the cap.
   */
  readonly maxLifetimeSeconds?: number | null;
}

export interface MutualTlsSettings {
  /** Subject DNs of certificates the client may present, e.g. `CN=orders-sync,O=Acme Logistics`. */
  readonly subjects?: readonly string[];
  /** SHA-256 fingerprints of certificates the client may present (hex, with or without colons). */
  readonly fingerprints?: readonly string[];
}

export interface ApiClientSettings {
  /** What the client is and why it calls, for reviewers and operators. */
  readonly description: string;
  /** The team or person responsible for the client: who rotates its keys, who is asked about it. */
  readonly owner: string;
  readonly auth: ClientAuth;
  /** Default true. A disabled client's keys get 403s. */
  readonly enabled?: boolean;
  readonly tokens?: TokenSettings;
  /** Require a client certificate on the platform's mutual-TLS domain, bound to this client. */
  readonly mtls?: MutualTlsSettings;
}

const YEAR_SECONDS = 366 * 86_400;

export class ClientDefinition {
  readonly problems: Problem[];
  readonly authRecord: AuthRecord | undefined;
  readonly tokenRules: TokenRules;
  readonly mtls: MtlsRecord | undefined;

  constructor(
    readonly name: string,
    readonly settings: ApiClientSettings,
    readonly policy: PolicyDefinition | undefined,
    readonly collections: readonly CollectionDefinition[],
    now: Date,
  ) {
    const auth = settings.auth.check(now);
    this.authRecord = auth.record;
    const tokens = checkTokens(settings);
    this.tokenRules = tokens.rules;
    const mtls = checkMtls(settings.mtls);
    this.mtls = mtls.record;
    this.problems = [...checkName('client', name), ...checkDescriptive(settings), ...auth.problems, ...tokens.problems, ...mtls.problems];
    if (collections.length === 0) {
      this.problems.push(warning('collections', [], 'is empty, so this client may call nothing (every request gets 403)', 'grant the client one or more API collections'));
    }
    if (!policy) {
      this.problems.push(warning('policy', undefined, 'is not set: the client gets no usage plan, so methods that require an API key refuse it', 'assign an AccessPolicy'));
    }
  }

  get enabled(): boolean {
    return this.settings.enabled ?? true;
  }
}

function checkDescriptive({ description, owner }: ApiClientSettings): Problem[] {
  const problems: Problem[] = [];
  if (typeof description !== 'string' || description.trim().length < 3) {
    problems.push(error('description', description, 'is missing', 'say what the client is and why it calls, so reviewers and operators know'));
  }
  if (typeof owner !== 'string' || owner.trim().length < 2) {
    problems.push(error('owner', owner, 'is missing', 'name the team or person responsible for this client'));
  }
  return problems;
}

function checkTokens({ tokens = {}, auth }: ApiClientSettings): { rules: TokenRules; problems: Problem[] } {
  const problems: Problem[] = [];
  const requireExpiry = tokens.requireExpiry ?? true;
  if (!requireExpiry) {
    problems.push(warning('tokens.requireExpiry', false, 'accepts tokens without "exp", which stay valid forever once leaked', 'have the client set exp and remove this setting'));
  }
  const max = tokens.maxLifetimeSeconds === undefined ? auth.defaultMaxLifetimeSeconds : (tokens.maxLifetimeSeconds ?? undefined);
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > YEAR_SECONDS)) {
    problems.push(error('tokens.maxLifetimeSeconds', max, 'is not a whole number of seconds from 1 to one year', 'use e.g. 3600 for one hour, or null for no cap'));
    return { rules: { requireExpiry }, problems };
  }
  return { rules: { requireExpiry, maxLifetimeSeconds: max }, problems };
}

function checkMtls(settings: MutualTlsSettings | undefined): { record?: MtlsRecord; problems: Problem[] } {
  if (!settings) return { problems: [] };
  const problems: Problem[] = [];
  const subjects = [...(settings.subjects ?? [])];
  const fingerprints: string[] = [];
  if (subjects.length === 0 && (settings.fingerprints ?? []).length === 0) {
    problems.push(error('mtls', settings, 'names no certificate', 'list the subjects and/or SHA-256 fingerprints of the certificates this client may present'));
  }
  subjects.forEach((subject, index) => {
    if (typeof subject !== 'string' || !normaliseDistinguishedName(subject).split(',').every((part) => /^[A-Z0-9.]+=.+$/.test(part))) {
      problems.push(error(`mtls.subjects[${index}]`, subject, 'is not a distinguished name', 'write it as TYPE=value pairs, e.g. "CN=orders-sync,O=Acme Logistics"'));
    }
  });
  (settings.fingerprints ?? []).forEach((fingerprint, index) => {
    const normalised = typeof fingerprint === 'string' ? normaliseFingerprint(fingerprint) : undefined;
    if (!normalised) {
      problems.push(error(`mtls.fingerprints[${index}]`, fingerprint, 'is not a SHA-256 fingerprint', 'use the output of: openssl x509 -noout -fingerprint -sha256 -in client.pem'));
    } else {
      fingerprints.push(normalised);
    }
  });
  return { record: { subjects, fingerprints }, problems };
}
