/**
 * The protected API's routes, as API Gateway serves them: what the policy compiler compiles each
 * client's grants against, and what `gatehouse access` expands collections into. For an API the
 * platform creates they come from its resources; for an existing API they are declared (or imported
 * from its OpenAPI document).
 */
import { type ApiRoute, type GrantedRoute, parseApiRoute, pathText } from '../../record/routes';
import { compilePolicy, type CompileResult } from './policy-compiler';
import { error, type Problem, warning } from './problems';

/** API Gateway's default quota of resources per REST API. */
const RESOURCES_PER_API = 300;

export class ApiDefinition {
  readonly routes: readonly ApiRoute[];
  readonly problems: Problem[];

  /** @param routeTexts `METHOD /resource/path` per method, e.g. `GET /orders/{id}` or `ANY /{proxy+}`. */
  constructor(routeTexts: readonly string[]) {
    const routes: ApiRoute[] = [];
    this.problems = [];
    if (routeTexts.length === 0) this.problems.push(error('api.routes', [], 'is empty', 'list the routes the protected API serves, e.g. "GET /orders/{id}"'));
    const seen = new Set<string>();
    const paramNames = new Map<string, { name: string; route: string }>();
    routeTexts.forEach((text, index) => {
      const field = `api.routes[${index}]`;
      const parsed = parseApiRoute(text);
      if (!parsed.ok) return void this.problems.push(error(field, text, parsed.problem, parsed.fix));
      const route = parsed.value;
      if (seen.has(route.text)) return void this.problems.push(warning(field, text, 'repeats an earlier route', 'remove the duplicate'));
      seen.add(route.text);
      // API Gateway refuses two sibling path parameters with different names (`/orders/{id}` beside
      // `/orders/{orderId}`): they would be one resource.
      route.segments.forEach((segment, depth) => {
        if (segment.kind === 'literal') return;
        const parent = `${pathText(route.segments.slice(0, depth))}#${segment.kind}`;
        const known = paramNames.get(parent);
        if (!known) paramNames.set(parent, { name: segment.name, route: route.text });
        else if (known.name !== segment.name) {
          this.problems.push(error(field, text, `names the path parameter {${segment.name}} where "${known.route}" names it {${known.name}}`, 'use one name for the parameter at this position in every route'));
        }
      });
      routes.push(route);
    });
    const resources = new Set(routes.map((route) => pathText(route.segments).replace(/\{[^}]*\}/g, '{}')));
    if (resources.size > RESOURCES_PER_API) {
      this.problems.push(warning('api.routes', resources.size, `declares more resources than API Gateway's default quota of ${RESOURCES_PER_API} per REST API`, 'ask AWS for a higher quota, or split the API'));
    }
    this.routes = routes;
  }

  /** The exact policy for a set of granted routes against this API. */
  compile(grants: readonly GrantedRoute[]): CompileResult {
    return compilePolicy(this.routes, grants);
  }
}
