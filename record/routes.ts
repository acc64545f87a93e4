/**
 * Routes of an API collection: `METHOD /path`, where METHOD is an HTTP method or `*` (alias `ANY`) and
 * the path may use `*` wildcards and API Gateway path parameters (`{id}`, `{proxy+}`), which match like
 * `*`. The stacks validate declarations with parseRoute; the authorizer turns routes into the resource
 * part of execute-api ARNs and matches the incoming method ARN against them (lambda/method-arn.ts).
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface Route {
  /** An HTTP method, or `*` for any. */
  readonly method: string;
  /** Starts with `/`; parameters already turned into `*`. */
  readonly path: string;
}

export type ParsedRoute = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly problem: string; readonly fix: string };

const ROUTE_FIX = 'write routes as "METHOD /path", e.g. "GET /orders/*" or "* /health", with METHOD one of ' +
  `${HTTP_METHODS.join(', ')}, * or ANY`;
/** Characters RFC 3986 allows in a path segment, plus `*`. */
const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()+,;=:@%*-]+|\{[A-Za-z0-9_]+\+?\})$/;

export function parseRoute(text: string): ParsedRoute {
  const match = /^(\S+) (\S+)$/.exec(text);
  if (!match) return { ok: false, problem: 'is not "METHOD /path"', fix: ROUTE_FIX };
  const method = (match[1] as string).toUpperCase();
  const path = match[2] as string;
  if (method !== '*' && method !== 'ANY' && !(HTTP_METHODS as readonly string[]).includes(method)) {
    return { ok: false, problem: `has method "${match[1]}"`, fix: ROUTE_FIX };
  }
  if (!path.startsWith('/')) return { ok: false, problem: `has path "${path}", which does not start with "/"`, fix: ROUTE_FIX };
  if (path.includes('?') || path.includes('#')) {
    return { ok: false, problem: 'has a query or fragment', fix: 'declare the path only; the query string is not part of a route' };
  }
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined) {
    return {
      ok: false,
      problem: bad === '' ? 'has an empty path segment ("//" or a trailing "/")' : `has path segment "${bad}" with characters a URL path cannot hold`,
      fix: ROUTE_FIX,
    };
  }
  const normalised = `/${segments.map((segment) => (segment.startsWith('{') ? '*' : segment)).join('/')}`;
  return { ok: true, route: { method: method === 'ANY' ? '*' : method, path: normalised } };
}

/** The route as the resource part of an execute-api ARN: `GET/orders/*`. */
export function routeResource(route: Route): string {
  return `${route.method}${route.path}`;
}
