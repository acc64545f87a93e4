/**
 * What an access diff reports: changes, each with a risk, grouped by client and then environment.
 *
 *   high    access grows where a leaked credential or a mistake hurts most: a write route gained, IP
 *           space widened, an auth downgrade to a shared secret, an expiry removed, tokens without `exp`
 *           accepted, mutual TLS dropped, another identity provider trusted, a client or key re-enabled,
 *           a key added that admits any address
 *   medium  access grows otherwise: a read route gained, a key or signing key added, a later expiry,
 *           higher limits, a new owner
 *   low     access shrinks: routes lost, IP space narrowed, keys removed or disabled, lower limits,
 *           an auth upgrade, a client disabled or removed
 */

export type Risk = 'high' | 'medium' | 'low';
export const RISKS: readonly Risk[] = ['high', 'medium', 'low'];

export type ChangeKind =
  | 'client-added'
  | 'client-removed'
  | 'client-enabled'
  | 'client-disabled'
  | 'owner-changed'
  | 'auth-method-changed'
  | 'auth-material-changed'
  | 'token-rules-changed'
  | 'mtls-changed'
  | 'route-gained'
  | 'route-lost'
  | 'route-reach-changed'
  | 'routes-unknown'
  | 'policy-changed'
  | 'key-added'
  | 'key-removed'
  | 'key-enabled'
  | 'key-disabled'
  | 'key-replaced'
  | 'key-redated'
  | 'ip-widened'
  | 'ip-narrowed';

export interface Change {
  readonly kind: ChangeKind;
  readonly risk: Risk;
  /** The key it is about, for key changes. */
  readonly key?: string;
  /** One sentence; values to copy in backticks. */
  readonly message: string;
  /** Structured before and after, for tools. */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface EnvironmentChanges {
  readonly environment: string;
  readonly changes: readonly Change[];
}

/** Files and the code owners who must approve changes to them. */
export interface FileApproval {
  /** Relative to the repository root. */
  readonly files: readonly string[];
  /** The CODEOWNERS line covering each file; `owners: []` when the covering line names nobody. */
  readonly codeowners: readonly { readonly file: string; readonly source: string; readonly line: number; readonly pattern: string; readonly owners: readonly string[] }[];
  /** Files no CODEOWNERS line covers (or no CODEOWNERS file exists): no code owner must approve them. */
  readonly uncovered: readonly string[];
}

/** A client's approval: its declared owners and the code owners of its file (both, when it moved). */
export interface Approval extends FileApproval {
  /** The client's declared `owner` (both when a change moves the client to another owner). */
  readonly owners: readonly string[];
}

export interface ClientChanges {
  readonly client: string;
  /** The highest risk among its changes. */
  readonly risk: Risk;
  readonly approval: Approval;
  readonly environments: readonly EnvironmentChanges[];
}

export interface AccessDiff {
  readonly version: 1;
  /** The environments compared, in the app's order (stacks/environments.ts). */
  readonly environments: readonly string[];
  /** What the working tree was compared with, e.g. `origin/main (3f2c1ab)`. */
  readonly base: string;
  readonly head: string;
  readonly changed: boolean;
  /** A change made alike in several environments counts once (see sideBySide). */
  readonly counts: { readonly clients: number; readonly changes: number } & Record<Risk, number>;
  /** Riskiest client first. */
  readonly clients: readonly ClientChanges[];
  /** Where the CODEOWNERS lines came from, or why there are none. */
  readonly codeownersSource: string;
  /**
   * Definitions every client reads (policies and collections, the API's routes and OpenAPI documents, the environments) that
   * differ from the base, when access changed: a change there reaches clients whose own files did not
   * change, so their code owners approve too. Empty files when none differ.
   */
  readonly sharedDefinitions: FileApproval;
}

export const riskRank = (risk: Risk) => RISKS.indexOf(risk);

export function highestRisk(changes: readonly { risk: Risk }[]): Risk {
  return changes.reduce<Risk>((highest, change) => (riskRank(change.risk) < riskRank(highest) ? change.risk : highest), 'low');
}

/** A change and every environment it is made in, alike. */
export interface SharedChange {
  readonly change: Change;
  readonly environments: readonly string[];
}

const sameChange = (a: Change, b: Change) => a.kind === b.kind && a.key === b.key && a.message === b.message;

/**
 * A client's changes side by side across environments: a change made alike in several environments is
 * one entry naming them all, so what differs between environments stands out. In each environment's
 * order of changes (riskiest first), first environment first.
 */
export function sideBySide(client: Pick<ClientChanges, 'environments'>): SharedChange[] {
  const shared: { change: Change; environments: string[] }[] = [];
  for (const { environment, changes } of client.environments) {
    for (const change of changes) {
      const same = shared.find((entry) => sameChange(entry.change, change) && !entry.environments.includes(environment));
      if (same) same.environments.push(environment);
      else shared.push({ change, environments: [environment] });
    }
  }
  return shared;
}
