/**
 * Routes: the language of what a client may call, and of what the protected API serves.
 *
 * A **granted route** (in an API collection) is `METHOD /path`:
 * - METHOD is one of HTTP_METHODS, or `*` (alias `ANY`) for every method;
 * - each path segment is a literal (`orders`), a one-segment wildcard (`{id}`, or `*` as a whole
 *   segment: both match exactly one non-empty segment), or, last only, a greedy wildcard (`{proxy+}`:
 *   one or more segments). Wildcards inside a segment (`order-*`) do not exist.
 * A granted route admits a request when its method and the request's path segments match, segment by
 * segment. That is the one rule: the decision uses it, the policy compiler proves the IAM policy
 * agrees with it, and `gatehouse access` expands it.
 *
 * An **API route** is what API Gateway serves: an HTTP method or `ANY` on a resource path with path
 * parameters (`/orders/{id}`, `/{proxy+}`). API Gateway selects the resource by path first, preferring
 * at each segment a literal over a `{param}` over a `{greedy+}` (AWS, "Set up a proxy integration with a
 * proxy resource": the proxy resource catches what no more specific resource matches), then the method on
 * that resource, an explicit method before `ANY`. ApiRouter implements that selection for the policy
 * compiler and the local gateway.
 */

/** The methods API Gateway serves on a REST API (ANY stands for all of them). */
export const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

/** A route granted to clients: `*` as method means every method. */
export interface GrantedRoute {
  readonly method: HttpMethod | '*';
  readonly segments: readonly Segment[];
  /** Canonical text, e.g. `GET /orders/{id}`; it parses back to the same route. */
  readonly text: string;
}

/** A route the protected API serves. */
export interface ApiRoute {
  readonly method: HttpMethod | 'ANY';
  readonly segments: readonly Segment[];
  /** As API Gateway writes it, e.g. `GET /orders/{id}`. */
  readonly text: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string; readonly fix: string };

/** Characters RFC 3986 allows in a path segment, less `*`, which the route language reserves. */
const LITERAL = /^[A-Za-z0-9._~!$&'()+,;=:@%-]+$/;
const PARAM = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/;

const GRANTED_FIX =
  `write routes as "METHOD /path", e.g. "GET /orders/{id}" or "* /health", with METHOD one of ${HTTP_METHODS.join(', ')}, * or ANY; ` +
  '{name} or * matches one path segment, {name+} (last) one or more';

function fail<T>(problem: string, fix: string): Parsed<T> {
  return { ok: false, problem, fix };
}

function parsePath(path: string, starSegment: boolean, fix: string): Parsed<Segment[]> {
  if (!path.startsWith('/')) return fail(`has path "${path}", which does not start with "/"`, fix);
  if (path.includes('?') || path.includes('#')) return fail('has a query or fragment', 'declare the path only; the query string is not part of a route');
  if (path === '/') return { ok: true, value: [] };
  const segments: Segment[] = [];
  const texts = path.slice(1).split('/');
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index] as string;
    if (text === '') return fail('has an empty path segment ("//" or a trailing "/")', fix);
    const param = PARAM.exec(text);
    if (param) {
      if (param[2] === '+' && index !== texts.length - 1) return fail(`has the greedy segment "${text}" before the end`, 'a {name+} segment matches the rest of the path, so it must come last');
      segments.push(param[2] === '+' ? { kind: 'greedy', name: param[1] as string } : { kind: 'param', name: param[1] as string });
    } else if (starSegment && text === '*') {
      segments.push({ kind: 'param', name: '*' });
    } else if (text.includes('*')) {
      return fail(`has segment "${text}" with a wildcard inside it`, 'a wildcard stands for a whole segment: write * or {name} for one segment, {name+} for the rest of the path');
    } else if (text.includes('{') || text.includes('}')) {
      return fail(`has segment "${text}", which is not a path parameter`, 'write a path parameter as the whole segment, {name} or {name+}');
    } else if (!LITERAL.test(text)) {
      return fail(`has path segment "${text}" with characters a URL path cannot hold`, fix);
    } else {
      segments.push({ kind: 'literal', text });
    }
  }
  return { ok: true, value: segments };
}

/** Segments as a path, in the form they parse from (a `*` segment stays `*`). */
export function pathText(segments: readonly Segment[]): string {
  const text = (segment: Segment) =>
    segment.kind === 'literal' ? segment.text : segment.kind === 'greedy' ? `{${segment.name}+}` : segment.name === '*' ? '*' : `{${segment.name}}`;
  return `/${segments.map(text).join('/')}`;
}

/** A route of an API collection. */
export function parseGrantedRoute(text: string): Parsed<GrantedRoute> {
  const match = typeof text === 'string' ? /^(\S+) (\S+)$/.exec(text) : null;
  if (!match) return fail('is not "METHOD /path"', GRANTED_FIX);
  const upper = (match[1] as string).toUpperCase();
  if (upper !== '*' && upper !== 'ANY' && !(HTTP_METHODS as readonly string[]).includes(upper)) return fail(`has method "${match[1]}"`, GRANTED_FIX);
  const path = parsePath(match[2] as string, true, GRANTED_FIX);
  if (!path.ok) return path;
  const method = upper === 'ANY' ? '*' : (upper as HttpMethod | '*');
  return { ok: true, value: { method, segments: path.value, text: `${method} ${pathText(path.value)}` } };
}

/** A route of the protected API, e.g. `GET /orders/{id}` or `ANY /{proxy+}`. */
export function parseApiRoute(text: string): Parsed<ApiRoute> {
  const fix = `write API routes as API Gateway does, "METHOD /resource/path", e.g. "GET /orders/{id}", with METHOD one of ${HTTP_METHODS.join(', ')} or ANY`;
  const match = typeof text === 'string' ? /^(\S+) (\S+)$/.exec(text) : null;
  if (!match) return fail('is not "METHOD /path"', fix);
  const method = match[1] as string;
  if (method !== 'ANY' && !(HTTP_METHODS as readonly string[]).includes(method)) return fail(`has method "${method}"`, fix);
  const path = parsePath(match[2] as string, false, fix);
  if (!path.ok) return path;
  return { ok: true, value: { method: method as HttpMethod | 'ANY', segments: path.value, text: `${method} ${pathText(path.value)}` } };
}

/** A request path as segments: `/orders/42` → ['orders', '42']; `/` → []. */
export function pathSegments(path: string): string[] {
  return path === '/' || path === '' ? [] : path.slice(1).split('/');
}

/** Whether path segments match route segments; an empty request segment never matches a wildcard. */
export function segmentsMatch(route: readonly Segment[], path: readonly string[]): boolean {
  for (let index = 0; index < route.length; index++) {
    const segment = route[index] as Segment;
    if (segment.kind === 'greedy') return path.length > index && path.slice(index).every((part) => part !== '');
    const part = path[index];
    if (part === undefined || part === '') return false;
    if (segment.kind === 'literal' && segment.text !== part) return false;
  }
  return path.length === route.length;
}

/** Whether a granted route admits a request. */
export function grantAdmits(route: GrantedRoute, method: string, path: readonly string[]): boolean {
  return (route.method === '*' || route.method === method) && segmentsMatch(route.segments, path);
}

const KIND_RANK = { literal: 0, param: 1, greedy: 2 } as const;

/** Negative when `a` is the more specific resource path: literal before {param} before {greedy+}, segment by segment. */
export function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = KIND_RANK[(a[index] as Segment).kind] - KIND_RANK[(b[index] as Segment).kind];
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** API Gateway's selection of the resource, then the method, for a request. */
export class ApiRouter {
  /** Resource paths, most specific first, each with its methods. */
  private readonly resources: { segments: readonly Segment[]; methods: Map<string, ApiRoute> }[] = [];

  constructor(routes: readonly ApiRoute[]) {
    const byPath = new Map<string, { segments: readonly Segment[]; methods: Map<string, ApiRoute> }>();
    for (const route of routes) {
      const key = pathText(route.segments).replace(/\{[^}/]+?(\+?)\}/g, '{$1}');
      let resource = byPath.get(key);
      if (!resource) byPath.set(key, (resource = { segments: route.segments, methods: new Map() }));
      resource.methods.set(route.method, route);
    }
    this.resources = [...byPath.values()].sort((a, b) => compareSpecificity(a.segments, b.segments));
  }

  /** The resource API Gateway selects for a path: the most specific one that matches. */
  resourceFor(path: readonly string[]): readonly Segment[] | undefined {
    return this.resources.find((resource) => segmentsMatch(resource.segments, path))?.segments;
  }

  /** The API route a request reaches, or undefined when API Gateway answers it without the authorizer. */
  route(method: string, path: readonly string[]): ApiRoute | undefined {
    const resource = this.resources.find((candidate) => segmentsMatch(candidate.segments, path));
    return resource && (resource.methods.get(method) ?? resource.methods.get('ANY'));
  }
}
