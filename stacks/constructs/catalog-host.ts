/**
 * The construct that serves a catalog: GatehousePlatform on AWS, GatehouseLocalData for local runs.
 * ApiClient, ApiKey, AccessPolicy and ApiCollection are declared anywhere inside one and register with
 * the nearest; the host turns what they declare into resources.
 */
import { Annotations } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PolicyDefinition } from '../model/access-policy';
import type { ClientDefinition } from '../model/api-client';
import type { KeyDefinition } from '../model/api-key';
import type { Catalog } from '../model/catalog';
import { formatProblem, type Problem } from '../model/problems';

/**
 * What a host is told as definitions are declared: the definition, and the construct declaring it (the
 * scope for the resources the host makes from it, so they sit beside it in the construct tree).
 */
export interface CatalogHost {
  readonly catalog: Catalog;
  policyAdded(scope: IConstruct, policy: PolicyDefinition): void;
  clientAdded(scope: IConstruct, client: ClientDefinition): void;
  keyAdded(scope: IConstruct, key: KeyDefinition): void;
}

const CATALOG_HOST = Symbol.for('gatehouse.catalog-host');

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

/** Errors fail `cdktf synth`, listed with the construct path; warnings are printed. */
export function reportProblems(construct: IConstruct, problems: readonly Problem[]): void {
  for (const problem of problems) {
    const annotations = Annotations.of(construct);
    if (problem.severity === 'error') annotations.addError(formatProblem(problem));
    else annotations.addWarning(formatProblem(problem));
  }
}
