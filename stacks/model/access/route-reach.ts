/**
 * The concrete API routes a client's grants reach, by the policy compiler (the same exact languages
 * that prove its IAM policy): which grants reach each route, and whether they reach all of it. A grant
 * `GET /orders/42` reaches the API route `GET /orders/{id}` for one value of `{id}` only; reviewers
 * need to tell that apart from the whole route.
 */
import { type ApiRoute, type GrantedRoute, parseApiRoute } from '../../../record/routes';
import { compilePolicy } from '../policy-compiler';
import { isWriteMethod, type RouteAccess, type RoutesAccess } from './model';

/**
 * Whether `grants` admit every request API Gateway would route to `route` (one method of one resource).
 * Compiled against an API of that route alone: the compiler answers Allow `*` exactly when the grants
 * admit every request that API routes. Alone, the route spans a little more than in the full API (more
 * specific resources take part of a `{param}`'s or `{proxy+}`'s paths there), so this can only err
 * towards "part of": and route grants cannot name every path but a few without naming those too.
 */
function reachesWhole(route: string, grants: readonly GrantedRoute[]): boolean {
  const parsed = parseApiRoute(route);
  if (!parsed.ok) return false;
  const alone = compilePolicy([parsed.value], grants);
  return alone.ok && alone.policy.deny.length === 0 && alone.policy.allow.length === 1 && alone.policy.allow[0] === '*';
}

export function routesReached(apiRoutes: readonly ApiRoute[], grants: readonly GrantedRoute[]): RoutesAccess {
  const all = compilePolicy(apiRoutes, grants);
  if (!all.ok) return { compiled: false, problem: `${all.problem} (${all.fix})` };
  const via = new Map<string, string[]>();
  for (const grant of grants) {
    const alone = compilePolicy(apiRoutes, [grant]);
    // A grant alone can fail to compile exactly where the set compiles (other grants take back what
    // its IAM pattern over-reaches); a route only such grants reach is then credited to every grant.
    const reached = alone.ok ? alone.grantedApiRoutes : [];
    for (const route of reached) via.set(route, [...(via.get(route) ?? []), grant.text]);
  }
  const routes: RouteAccess[] = all.grantedApiRoutes.map((route) => {
    const method = route.slice(0, route.indexOf(' '));
    const reaching = via.get(route) ?? grants.map((grant) => grant.text);
    const reachingGrants = grants.filter((grant) => reaching.includes(grant.text));
    return { route, method, write: isWriteMethod(method), whole: reachesWhole(route, reachingGrants), grants: reaching };
  });
  return { compiled: true, routes: routes.sort(compareRoutes), unusedGrants: [...all.unusedGrants] };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By path, then method, by code point (the same order on every machine; literals before `{params}`). */
export function compareRoutes(a: { route: string; method: string }, b: { route: string; method: string }): number {
  return byCodePoint(a.route.slice(a.route.indexOf(' ') + 1), b.route.slice(b.route.indexOf(' ') + 1)) || byCodePoint(a.method, b.method);
}
