/** What rules may consult beyond their subject. */
import type { X509Certificate } from 'node:crypto';
import type { ClientDefinition } from '../api-client';
import type { ApiDefinition } from '../api-definition';

export interface SynthContext {
  /** The synth clock (a construct's `gatehouse:now` context): certificate and key dates are judged at it. */
  readonly now: Date;
}

export interface CatalogContext extends SynthContext {
  /** The protected API's routes, which grants are compiled against. */
  readonly api: ApiDefinition;
}

/** A certificate in use, wherever it is declared: a client's public key, its mTLS binding, a truststore. */
export interface CertificateUse {
  readonly field: string;
  readonly certificate: X509Certificate;
  /** How to fix an expired or expiring one here. */
  readonly renewal: string;
}

export const DAY_MS = 86_400_000;
export const CERTIFICATE_WARNING_DAYS = 30;
export const subjectOf = (certificate: X509Certificate) => certificate.subject.replace(/\n/g, ', ');

/** A client as the platform serving it sees it. */
export interface ClientOnPlatform {
  readonly client: ClientDefinition;
  readonly platform: {
    /** Whether the platform runs on AWS (not a local run). */
    readonly onAws: boolean;
    /** The CAs of the platform's mutual-TLS truststore, when it serves a mutual-TLS domain. */
    readonly truststore?: readonly X509Certificate[];
  };
}

/** A second definition of a name that must be unique: what clashed, and where the other one is declared. */
export interface Duplicate {
  readonly kind: string;
  readonly name: string;
  /** The client a clashing key belongs to. */
  readonly owner?: string;
  readonly value?: string;
  /** Where the other definition is declared (its client file), when known. */
  readonly other?: string;
}

/** Environment names a client or key uses, against the app's. */
export interface EnvironmentUse {
  readonly named: readonly { readonly field: string; readonly name: string }[];
  readonly all: readonly string[];
}
