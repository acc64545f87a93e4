/**
 * HTTP API routes (API Gateway v2): route keys, the route selection AWS documents, and how much of a
 * route a client's grants cover.
 *
 * A route key is `METHOD /path` (METHOD one of HTTP_METHODS or ANY; `{param}` for one segment, `{name+}`
 * last for the rest) or `$default`, the catch-all. AWS, "Working with routes for HTTP APIs", Routing API
 * requests: API Gateway selects the most specific match, in this order: a full match for route and
 * method, then a route with a greedy path variable, then `$default`; `ANY` matches the methods a route
 * path does not define. HttpApiRouter implements that selection for the local gateway.
 *
 * The authorizer's answer for an HTTP API is cached per route: GatehouseHttpApi puts `$context.routeKey`
 * among the identity sources (AWS, "Working with AWS Lambda authorizers for HTTP APIs", Caching: "To
 * cache responses per route, add $context.routeKey to your authorizer's identity sources"). So the
 * answer must be right for every request the route receives, and `routeCoverage` judges the grants
 * against the route's whole pattern. That pattern holds every request the route can receive whatever the
 * API's other routes are, so the answer never depends on how API Gateway ranks routes against each other.
 */
import { type ApiRoute, compareSpecificity, type GrantedRoute, HTTP_METHODS, type HttpMethod, type Parsed, parseApiRoute, type Segment, segmentsMatch } from './routes';

export const DEFAULT_ROUTE_KEY = '$default';

/** A route of an HTTP API, as its key names it. */
export interface RouteKey {
  /** As API Gateway writes it: `GET /orders/{id}`, `ANY /{proxy+}`, `$default`. */
  readonly key: string;
  /** The methods the route receives: one, or every method for ANY and `$default`. */
  readonly methods: readonly HttpMethod[];
  /** The paths it receives, as patterns: its own, or for `$default` the root and every other path. */
  readonly paths: readonly (readonly Segment[])[];
  /** The route as an API route; undefined for `$default`. */
  readonly route?: ApiRoute;
}

const EVERY_PATH: readonly (readonly Segment[])[] = [[], [{ kind: 'greedy', name: 'proxy' }]];

/** A route key as an HTTP API defines it. */
export function parseRouteKey(text: string): Parsed<RouteKey> {
  if (text === DEFAULT_ROUTE_KEY) return { ok: true, value: { key: text, methods: HTTP_METHODS, paths: EVERY_PATH } };
  const parsed = parseApiRoute(text);
  if (!parsed.ok) return parsed;
  const route = parsed.value;
  return { ok: true, value: { key: route.text, methods: route.method === 'ANY' ? HTTP_METHODS : [route.method], paths: [route.segments], route } };
}

/** Whether every path `route` matches is matched by `grant`. */
function segmentsCover(grant: readonly Segment[], route: readonly Segment[]): boolean {
  for (let index = 0; index < grant.length; index++) {
    const granted = grant[index] as Segment;
    // A greedy grant takes one or more segments, and every path the route matches has one here.
    if (granted.kind === 'greedy') return route.length > index;
    const routed = route[index];
    // A greedy route segment stands for paths of several lengths, which a fixed grant cannot all match.
    if (routed === undefined || routed.kind === 'greedy') return false;
    if (granted.kind === 'literal' && (routed.kind !== 'literal' || routed.text !== granted.text)) return false;
  }
  return route.length === grant.length;
}

/** Whether some path is matched by both patterns. */
function segmentsOverlap(a: readonly Segment[], b: readonly Segment[]): boolean {
  for (let index = 0; ; index++) {
    const left = a[index];
    const right = b[index];
    if (left === undefined || right === undefined) return left === right;
    if (left.kind === 'greedy') return b.length > index;
    if (right.kind === 'greedy') return a.length > index;
    if (left.kind === 'literal' && right.kind === 'literal' && left.text !== right.text) return false;
  }
}

/**
 * How much of a route a grant set admits: `whole` when every request the route can receive is granted,
 * `none` when no such request is, `part` otherwise. `whole` asks a single grant to cover each method
 * and path of the route (a route only a union of grants covers, such as `/{proxy+}` by `/{a}` and
 * `/{a}/{b+}`, counts as `part`): conservative, and the synth rule uses this same judgement.
 */
export function routeCoverage(grants: readonly GrantedRoute[], route: RouteKey): 'whole' | 'part' | 'none' {
  let whole = true;
  let touched = false;
  for (const method of route.methods) {
    const forMethod = grants.filter((grant) => grant.method === '*' || grant.method === method);
    for (const path of route.paths) {
      if (forMethod.some((grant) => segmentsCover(grant.segments, path))) {
        touched = true;
        continue;
      }
      whole = false;
      if (forMethod.some((grant) => segmentsOverlap(grant.segments, path))) touched = true;
    }
  }
  return whole ? 'whole' : touched ? 'part' : 'none';
}

const hasGreedy = (route: ApiRoute) => route.segments.some((segment) => segment.kind === 'greedy');

/** HTTP API route selection for a request, as AWS documents it (see the top of this file). */
export class HttpApiRouter {
  /** Full-match routes before greedy ones; within each, the more specific path, then an explicit method before ANY. */
  private readonly ranked: readonly ApiRoute[];
  private readonly fallback?: RouteKey;

  constructor(routes: readonly RouteKey[]) {
    const apiRoutes = routes.flatMap((route) => (route.route ? [route.route] : []));
    this.ranked = [...apiRoutes].sort(
      (a, b) => Number(hasGreedy(a)) - Number(hasGreedy(b)) || compareSpecificity(a.segments, b.segments) || Number(a.method === 'ANY') - Number(b.method === 'ANY'),
    );
    this.fallback = routes.find((route) => route.route === undefined);
  }

  /** The route key a request reaches, or undefined when the API answers 404 Not Found. */
  route(method: string, path: readonly string[]): string | undefined {
    const found = this.ranked.find((route) => (route.method === method || route.method === 'ANY') && segmentsMatch(route.segments, path));
    return found?.text ?? this.fallback?.key;
  }
}
