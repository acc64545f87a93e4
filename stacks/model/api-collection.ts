/** API collections: named sets of routes of the protected API that clients may be granted. */
import type { Suppression } from './problems';
import { type GrantedRoute, type Parsed, parseGrantedRoute } from '../../record/routes';

export interface ApiCollectionSettings {
  /**
   * What the collection offers, for reviewers.
   * @default none
   */
  readonly description?: string;
  /** Routes in the route language (docs/clients-as-code.md): `GET /orders/{id}`, `* /health`, `GET /files/{path+}`. */
  readonly routes: readonly string[];
  /**
   * Warnings accepted here, each with its rule's code and the reason (docs/checks.md).
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
}

export interface RouteFact {
  readonly index: number;
  readonly text: string;
  readonly parsed: Parsed<GrantedRoute>;
}

export class CollectionDefinition {
  readonly routes: readonly RouteFact[];

  constructor(
    readonly name: string,
    readonly settings: ApiCollectionSettings,
  ) {
    this.routes = (Array.isArray(settings.routes) ? settings.routes : []).map((text, index) => ({ index, text, parsed: parseGrantedRoute(text) }));
  }

  /** The routes that parse, once each. */
  get grants(): GrantedRoute[] {
    const grants = new Map<string, GrantedRoute>();
    for (const route of this.routes) if (route.parsed.ok) grants.set(route.parsed.value.text, route.parsed.value);
    return [...grants.values()];
  }
}
