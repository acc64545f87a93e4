/** API collections: named sets of routes of the REST API that clients may be granted. */
import { parseGrantedRoute } from '../../record/routes';
import { checkName, error, type Problem, warning } from './problems';

export interface ApiCollectionSettings {
  readonly description?: string;
  /** `METHOD /path` with `*` wildcards and `{param}` path parameters, e.g. `GET /orders/*`. */
  readonly routes: readonly string[];
}

export class CollectionDefinition {
  readonly problems: Problem[];
  readonly routes: readonly string[];

  constructor(
    readonly name: string,
    settings: ApiCollectionSettings,
  ) {
    this.routes = [...settings.routes];
    this.problems = [...checkName('API collection', name), ...checkRoutes(this.routes)];
  }
}

function checkRoutes(routes: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (routes.length === 0) problems.push(error('routes', routes, 'is empty', 'list the routes this collection grants, e.g. "GET /orders/*"'));
  const seen = new Set<string>();
  routes.forEach((route, index) => {
    const parsed = parseGrantedRoute(route);
    if (!parsed.ok) return void problems.push(error(`routes[${index}]`, route, parsed.problem, parsed.fix));
    const key = parsed.value.text;
    if (seen.has(key)) problems.push(warning(`routes[${index}]`, route, 'repeats an earlier route', 'remove the duplicate'));
    seen.add(key);
  });
  return problems;
}
