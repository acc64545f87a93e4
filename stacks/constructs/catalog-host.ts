/**
 * The construct that serves a catalog: GatehousePlatform on AWS, GatehouseLocalData for local runs.
 * ApiClient, ApiKey, AccessPolicy and ApiCollection are declared anywhere inside one and register with
 * the nearest; the host turns what they declare into resources.
 */
import { Annotations } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Catalog } from '../model/catalog';
import { formatProblem, type Problem } from '../model/problems';
import type { AccessPolicy } from './access-policy';
import type { ApiClient } from './api-client';
import type { ApiKey } from './api-key';

export interface CatalogHost {
  readonly catalog: Catalog;
  policyAdded(policy: AccessPolicy): void;
  clientAdded(client: ApiClient): void;
  keyAdded(key: ApiKey): void;
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
