/** API clients: who may call, how their tokens are verified, what they may call and at what rate. */
import { createHash, X509Certificate } from 'node:crypto';
import type { AuthRecord, MtlsRecord, TokenRules } from '../../record/key-record';
import { normaliseDistinguishedName, normaliseFingerprint } from '../../record/certificates';
import type { PolicyDefinition } from './access-policy';
import type { CollectionDefinition } from './api-collection';
import type { ClientAuth } from './client-auth';
import { checkName, error, type Problem, warning } from './problems';
import { validityProblems } from './truststore';

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
  /** The certificates (PEM) the client may present; their fingerprints are bound, and synth checks them. */
  readonly certificates?: readonly string[];
  /** SHA-256 fingerprints of certificates the client may present (hex, with or without colons). */
  readonly fingerprints?: readonly string[];
  /**
   * Subject DNs the client's certificates may carry, e.g. `CN=orders-sync,O=Acme Logistics`, for
   * clients whose certificates renew often. Any truststore CA can issue a matching subject, so prefer
   * certificates or fingerprints.
   */
  readonly subjects?: readonly string[];
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
  /** The certificates the client is bound to by PEM, parsed (the platform checks them against its truststore). */
  readonly mtlsCertificates: readonly X509Certificate[];

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
    const mtls = checkMtls(settings.mtls, now);
    this.mtls = mtls.record;
    this.mtlsCertificates = mtls.certificates;
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

function checkMtls(settings: MutualTlsSettings | undefined, now: Date): { record?: MtlsRecord; certificates: X509Certificate[]; problems: Problem[] } {
  if (!settings) return { problems: [], certificates: [] };
  const problems: Problem[] = [];
  const subjects = [...(settings.subjects ?? [])];
  const fingerprints: string[] = [];
  const certificates: X509Certificate[] = [];
  if (subjects.length === 0 && (settings.fingerprints ?? []).length === 0 && (settings.certificates ?? []).length === 0) {
    problems.push(error('mtls', settings, 'names no certificate', 'list the certificates (or their SHA-256 fingerprints, or subjects) this client may present'));
  }
  (settings.certificates ?? []).forEach((pem, index) => {
    const field = `mtls.certificates[${index}]`;
    if (/PRIVATE KEY/.test(pem)) return void problems.push(error(field, pem, 'is a PRIVATE key', 'bind the client\'s certificate, never its key: remove the key from the repository and rotate it'));
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      return void problems.push(error(field, pem, 'does not decode as a certificate', 'paste the client certificate\'s PEM as it is'));
    }
    problems.push(...validityProblems(field, certificate, now, 'bind the client\'s renewed certificate as well, then remove this one'));
    fingerprints.push(createHash('sha256').update(certificate.raw).digest('hex'));
    certificates.push(certificate);
  });
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
  return { record: { subjects, fingerprints }, certificates, problems };
}
