/**
 * The construct that serves a catalog: GatehousePlatform on AWS, GatehouseLocalData for local runs.
 * ApiClient, ApiKey, AccessPolicy and ApiCollection are declared anywhere inside one and register with
 * the nearest; the host turns what they declare into resources, and the problems the catalog's rules
 * find into annotations on the construct that declared them.
 */
import { Annotations } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PolicyDefinition } from '../model/access-policy';
import type { ClientDefinition } from '../model/api-client';
import type { KeyDefinition } from '../model/api-key';
import type { Catalog } from '../model/catalog';
import type { EnvironmentContext } from '../model/environment';
import { formatProblem, type Problem, showValue, type Suppression } from '../model/problems';
import { RULE_SEVERITIES } from '../model/rules/index';
import { applySuppressions } from '../model/rules/rule';

/**
 * What a host is told as definitions are declared: the definition, and the construct declaring it (the
 * scope for the resources the host makes from it, so they sit beside it in the construct tree).
 */
export interface CatalogHost {
  readonly catalog: Catalog;
  /** The environment being declared, and all of the app's. */
  readonly environment: EnvironmentContext;
  /** Names the construct that declares a definition, so its problems are reported there. */
  declare(construct: IConstruct, definition: object, suppressions: readonly Suppression[] | undefined): void;
  policyAdded(scope: IConstruct, policy: PolicyDefinition): void;
  clientAdded(scope: IConstruct, client: ClientDefinition): void;
  keyAdded(scope: IConstruct, key: KeyDefinition): void;
}

const CATALOG_HOST = Symbol.for('gatehouse.catalog-host');
const CLIENT_FILE = Symbol.for('gatehouse.client-file');
/** Structured problems in construct metadata, for `gatehouse validate` and tests. */
export const PROBLEM_METADATA = 'gatehouse:problem';
export const SUPPRESSED_METADATA = 'gatehouse:suppressed';

export function markCatalogHost(construct: IConstruct & CatalogHost): void {
  Object.defineProperty(construct, CATALOG_HOST, { value: true });
}

export function catalogHostOf(construct: IConstruct): CatalogHost {
  const host = [...construct.node.scopes].reverse().find((scope) => (scope as unknown as Record<symbol, unknown>)[CATALOG_HOST] === true);
  if (!host) {
    throw new Error(`${construct.node.path}: declare Gatehouse constructs inside a GatehousePlatform or GatehouseLocalData (pass its \`clients\` scope)`);
  }
  return host as unknown as CatalogHost;
}

/** Marks the scope a client file declares into, so problems inside it name the file. */
export function markClientFile(scope: IConstruct, file: string): void {
  Object.defineProperty(scope, CLIENT_FILE, { value: file });
}

/** The client file a construct was declared in, when it was declared by one. */
export function clientFileOf(construct: IConstruct): string | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const file = (scope as unknown as Record<symbol, unknown>)[CLIENT_FILE];
    if (typeof file === 'string') return file;
  }
  return undefined;
}

/**
 * An id for a new child of `scope`: `id`, or `id~2`, `id~3`… when a sibling already has it, so that a
 * second client or key of one name is a Gatehouse problem (the catalog's duplicate rules name both
 * files) instead of cdktf's "There is already a Construct with name" crash.
 */
export function uniqueChildId(scope: IConstruct, id: string): string {
  if (!scope.node.tryFindChild(id)) return id;
  let n = 2;
  while (scope.node.tryFindChild(`${id}~${n}`)) n++;
  return `${id}~${n}`;
}

/**
 * The synth clock: the `gatehouse:now` context (an ISO instant) if the app set it, so a synth can be
 * repeated exactly; otherwise the time synth runs. Certificate and key dates are judged at it.
 */
export function synthClock(construct: IConstruct): Date {
  const context = construct.node.tryGetContext('gatehouse:now') as unknown;
  if (typeof context === 'string' && !Number.isNaN(Date.parse(context))) return new Date(context);
  return new Date();
}

/**
 * Errors fail `cdktf synth`, listed with the construct path; warnings are printed unless the construct
 * suppresses them with a reason. Each problem names its rule's code and, inside a client file, the file.
 */
export function reportProblems(construct: IConstruct, problems: readonly Problem[], suppressions?: readonly Suppression[]): void {
  const { problems: reported, accepted } = applySuppressions(problems, suppressions, RULE_SEVERITIES);
  const file = clientFileOf(construct);
  const annotations = Annotations.of(construct);
  for (const problem of reported) {
    const message = `${file ? `${file}: ` : ''}${formatProblem(problem)}`;
    // The value as problems show it (secrets never echoed), never the raw value.
    construct.node.addMetadata(PROBLEM_METADATA, { ...problem, file, value: showValue(problem.value) });
    if (problem.severity === 'error') annotations.addError(message);
    else annotations.addWarning(message);
  }
  for (const { problem, reason } of accepted) construct.node.addMetadata(SUPPRESSED_METADATA, { ...problem, file, value: showValue(problem.value), reason });
}

/** A sink for a catalog: problems about a definition go to the construct that declared it, with its suppressions. */
export class DeclarationRegistry {
  private readonly constructs = new Map<object, { construct: IConstruct; suppressions?: readonly Suppression[] }>();

  constructor(private readonly fallback: IConstruct) {}

  declare(construct: IConstruct, definition: object, suppressions: readonly Suppression[] | undefined): void {
    this.constructs.set(definition, { construct, suppressions });
  }

  report(definition: object, problems: readonly Problem[]): void {
    const entry = this.constructs.get(definition);
    reportProblems(entry?.construct ?? this.fallback, problems, entry?.suppressions);
  }
}
