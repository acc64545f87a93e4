/** API clients: who may call, how their tokens are verified, what they may call and at what rate. */
import type { Suppression } from './problems';
import { createHash, X509Certificate } from 'node:crypto';
import { normaliseFingerprint } from '../../record/certificates';
import type { MtlsRecord, TokenRules } from '../../record/key-record';
import type { PolicyDefinition } from './access-policy';
import type { CollectionDefinition } from './api-collection';
import type { ClientAuth } from './client-auth';
import { canonicalDeclaredName } from './distinguished-names';

export interface TokenSettings {
  /**
   * Reject tokens without `exp`; turning it off makes a leaked token valid forever.
   * @default true
   */
  readonly requireExpiry?: boolean;
  /**
   * Longest token lifetime accepted, in seconds; `null` removes the cap.
   * @default one day for tokens the client signs itself (RSA, HMAC); none for OIDC, whose provider sets lifetimes
   */
  readonly maxLifetimeSeconds?: number | null;
}

export interface MutualTlsSettings {
  /**
   * The certificates (PEM) the client may present; their fingerprints are bound, and synth checks them.
   * @default none
   */
  readonly certificates?: readonly string[];
  /**
   * SHA-256 fingerprints of certificates the client may present (hex, with or without colons).
   * @default none
   */
  readonly fingerprints?: readonly string[];
  /**
   * Subject distinguished names the client's certificates may carry (RFC 4514, e.g.
   * `CN=orders-sync,O=Acme Logistics`), for clients whose certificates renew often. Any truststore CA
   * can issue a matching subject, so prefer certificates or fingerprints.
   * @default none
   */
  readonly subjects?: readonly string[];
}

export interface ApiClientSettings {
  /** What the client is and why it calls, for reviewers and operators. */
  readonly description: string;
  /** The team or person responsible for the client: who rotates its keys, who is asked about it. */
  readonly owner: string;
  readonly auth: ClientAuth;
  /**
   * A disabled client's keys get 403s.
   * @default true
   */
  readonly enabled?: boolean;
  /** @default requireExpiry true, the method's default maximum lifetime */
  readonly tokens?: TokenSettings;
  /**
   * Require a client certificate on the platform's mutual-TLS domain, bound to this client.
   * @default no certificate required
   */
  readonly mtls?: MutualTlsSettings;
  /**
   * Warnings accepted here, each with its rule's code and the reason (docs/checks.md).
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
}

export interface CertificateFact {
  readonly index: number;
  readonly pem: string;
  readonly privateKey: boolean;
  readonly certificate?: X509Certificate;
}

export interface MtlsFacts {
  readonly settings: MutualTlsSettings;
  readonly certificates: readonly CertificateFact[];
  readonly subjects: readonly { readonly index: number; readonly text: unknown; readonly canonical?: string }[];
  readonly fingerprints: readonly { readonly index: number; readonly text: unknown; readonly normalised?: string }[];
}

const list = <T>(value: readonly T[] | undefined): readonly T[] => (Array.isArray(value) ? value : []);

function mtlsFacts(settings: MutualTlsSettings): MtlsFacts {
  return {
    settings,
    certificates: list(settings.certificates).map((pem, index) => {
      const privateKey = typeof pem === 'string' && /PRIVATE KEY/.test(pem);
      let certificate: X509Certificate | undefined;
      if (!privateKey) {
        try {
          certificate = new X509Certificate(pem);
        } catch {
          certificate = undefined;
        }
      }
      return { index, pem, privateKey, certificate };
    }),
    subjects: list(settings.subjects).map((text, index) => ({ index, text, canonical: typeof text === 'string' ? canonicalDeclaredName(text) : undefined })),
    fingerprints: list(settings.fingerprints).map((text, index) => ({ index, text, normalised: typeof text === 'string' ? normaliseFingerprint(text) : undefined })),
  };
}

export class ClientDefinition {
  readonly mtls: MtlsFacts | undefined;
  readonly knownPolicies: readonly string[];
  readonly knownCollections: readonly string[];
  readonly policyUnknown: boolean;

  /**
   * @param collections as declared: an entry that is not a collection (a misspelled catalog name gives
   * `undefined`) is kept as undefined, for the rules to report.
   * @param catalog the catalog's policy and collection names, for the fix of a misspelled one; and
   * whether a policy was given that is not one.
   */
  constructor(
    readonly name: string,
    readonly settings: ApiClientSettings,
    readonly policy: PolicyDefinition | undefined,
    readonly declaredCollections: readonly (CollectionDefinition | undefined)[],
    catalog: { readonly policies?: readonly string[]; readonly collections?: readonly string[]; readonly policyUnknown?: boolean } = {},
  ) {
    this.knownPolicies = catalog.policies ?? [];
    this.knownCollections = catalog.collections ?? [];
    this.policyUnknown = catalog.policyUnknown ?? false;
    this.mtls = settings.mtls ? mtlsFacts(settings.mtls) : undefined;
  }

  get enabled(): boolean {
    return this.settings.enabled ?? true;
  }

  /** The collections that exist. */
  get collections(): CollectionDefinition[] {
    return this.declaredCollections.filter((collection): collection is CollectionDefinition => collection !== undefined);
  }

  /** The maximum lifetime in force: declared, or the auth method's default. */
  get maxLifetimeSeconds(): number | null | undefined {
    const declared = this.settings.tokens?.maxLifetimeSeconds;
    return declared === undefined ? this.settings.auth.defaultMaxLifetimeSeconds : declared;
  }

  get tokenRules(): TokenRules {
    const max = this.maxLifetimeSeconds;
    return { requireExpiry: this.settings.tokens?.requireExpiry ?? true, maxLifetimeSeconds: max ?? undefined };
  }

  /** The client's certificate binding as the record holds it. */
  get mtlsRecord(): MtlsRecord | undefined {
    if (!this.mtls) return undefined;
    const fingerprints = [
      ...this.mtls.certificates.flatMap((fact) => (fact.certificate ? [createHash('sha256').update(fact.certificate.raw).digest('hex')] : [])),
      ...this.mtls.fingerprints.flatMap((fact) => (fact.normalised ? [fact.normalised] : [])),
    ];
    return { subjects: this.mtls.subjects.flatMap((fact) => (fact.canonical ? [fact.canonical] : [])), fingerprints: [...new Set(fingerprints)] };
  }

  /** The certificates the client is bound to by PEM, parsed (the platform checks them against its truststore). */
  get mtlsCertificates(): X509Certificate[] {
    return (this.mtls?.certificates ?? []).flatMap((fact) => (fact.certificate ? [fact.certificate] : []));
  }
}
