/**
 * HTTP API route keys, AWS's documented route selection, and how much of a route a grant set covers.
 *
 * Coverage is checked against a small-model oracle written apart from the product: every request of up
 * to one segment more than the longest pattern, over the patterns' literals plus one value none of them
 * holds, with GET, POST and one other method, judged by a regular expression per route and per grant.
 * Over such patterns that finite set decides inclusion exactly (a longer path behaves like one of these
 * lengths, another value like the fresh one, another method like DELETE).
 */
import fc from 'fast-check';
import { HttpApiRouter, parseRouteKey, type RouteKey, routeCoverage } from '../../record/http-api-routes';
import { HTTP_METHODS, pathSegments } from '../../record/routes';
import { grantedRoutes } from '../support/api';

const key = (text: string): RouteKey => {
  const parsed = parseRouteKey(text);
  if (!parsed.ok) throw new Error(`${text} ${parsed.problem}`);
  return parsed.value;
};
const coverage = (grants: string[], route: string) => routeCoverage(grantedRoutes(grants), key(route));

describe('route keys', () => {
  it('parse as HTTP APIs write them, $default included', () => {
    expect(key('GET /orders/{id}')).toMatchObject({ key: 'GET /orders/{id}', methods: ['GET'] });
    expect(key('ANY /{proxy+}').methods).toEqual(HTTP_METHODS);
    expect(key('$default')).toMatchObject({ key: '$default', methods: HTTP_METHODS });
    expect(key('$default').route).toBeUndefined();
  });

  it.each(['05c7jb', 'GET', 'GET orders', 'FETCH /orders', '$default ', 'get /orders', '* /orders', 'GET /orders/{id}/'])('refuse %j', (text) => {
    expect(parseRouteKey(text).ok).toBe(false);
  });
});

describe('routing, as AWS documents it ("Working with routes for HTTP APIs", Routing API requests)', () => {
  // AWS's example API and its table of requests and the routes they reach.
  const router = new HttpApiRouter(['GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'].map(key));
  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/{id}'],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}'],
    ['POST', '/test/5', 'ANY /{proxy+}'],
    ['GET', '/', '$default'],
  ])('%s %s reaches %s', (method, path, expected) => {
    expect(router.route(method, pathSegments(path))).toBe(expected);
  });

  it('prefers an explicit method to ANY on one path, and falls to a greedy route when no method matches', () => {
    const api = new HttpApiRouter(['ANY /orders/{id}', 'DELETE /orders/{id}', 'GET /orders/{id}', 'ANY /{proxy+}'].map(key));
    expect(api.route('DELETE', ['orders', '1'])).toBe('DELETE /orders/{id}');
    expect(api.route('PATCH', ['orders', '1'])).toBe('ANY /orders/{id}');
    const noAny = new HttpApiRouter(['GET /orders/{id}', 'ANY /{proxy+}'].map(key));
    expect(noAny.route('DELETE', ['orders', '1'])).toBe('ANY /{proxy+}');
  });

  it('answers no route without $default', () => {
    expect(new HttpApiRouter([key('GET /orders')]).route('GET', ['invoices'])).toBeUndefined();
  });
});

describe('coverage of a route by grants', () => {
  it.each([
    [['GET /orders/{id}'], 'GET /orders/{id}', 'whole'],
    [['GET /orders/*'], 'GET /orders/{id}', 'whole'],
    [['* /orders/{id}'], 'ANY /orders/{id}', 'whole'],
    [['GET /orders/{id}'], 'ANY /orders/{id}', 'part'],
    [['GET /orders/42'], 'GET /orders/{id}', 'part'],
    [['GET /orders/{id}'], 'GET /orders/42', 'whole'],
    [['GET /{proxy+}'], 'GET /orders/{id}', 'whole'],
    [['GET /orders/{id}'], 'GET /orders/{proxy+}', 'part'],
    [['GET /invoices'], 'GET /orders/{id}', 'none'],
    [['POST /orders/{id}'], 'GET /orders/{id}', 'none'],
    [['* /{proxy+}'], '$default', 'part'],
    [['* /', '* /{proxy+}'], '$default', 'whole'],
    [['GET /health'], '$default', 'part'],
    [['GET /{a}', 'GET /{a}/{b+}'], 'GET /{proxy+}', 'part'],
  ])('%j on %s: %s', (grants, route, expected) => {
    expect(coverage(grants, route)).toBe(expected);
  });
});

// ---- the oracle ----

const LITERALS = ['orders', 'items', 'a:b'];
const FRESH = 'zz9';

function patternRegex(path: string): string {
  if (path === '/') return '/';
  return path
    .slice(1)
    .split('/')
    .map((segment) => (segment.endsWith('+}') ? '/[^/]+(?:/[^/]+)*' : segment === '*' || segment.startsWith('{') ? '/[^/]+' : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    .join('');
}

function requestRegex(text: string): RegExp {
  if (text === '$default') return /^[A-Z]+ \/.*$/;
  const [method, path] = text.split(' ') as [string, string];
  return new RegExp(`^${method === '*' || method === 'ANY' ? '[A-Z]+' : method} ${patternRegex(path)}$`);
}

function allPaths(maxLength: number): string[] {
  const values = [...LITERALS, FRESH];
  let layer: string[][] = [[]];
  const paths: string[] = ['/'];
  for (let length = 1; length <= maxLength; length++) {
    layer = layer.flatMap((prefix) => values.map((value) => [...prefix, value]));
    paths.push(...layer.map((segments) => `/${segments.join('/')}`));
  }
  return paths;
}

const segmentArb = (last: boolean) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LITERALS) }, { weight: 2, arbitrary: fc.constantFrom('{id}', '*') }, ...(last ? [{ weight: 1, arbitrary: fc.constant('{rest+}') }] : []));
const pathArb = fc.integer({ min: 0, max: 3 }).chain((length) => fc.tuple(...Array.from({ length }, (_, index) => segmentArb(index === length - 1))).map((segments) => `/${segments.join('/')}`));
const grantArb = fc.tuple(fc.constantFrom('GET', 'POST', '*'), pathArb).map(([method, path]) => `${method} ${path}`);
const routeArb = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'ANY'), pathArb).map(([method, path]) => `${method} ${path.replace(/\/\*/g, '/{p}')}`) },
  { weight: 1, arbitrary: fc.constant('$default') },
);

describe('coverage against the small-model oracle', () => {
  it('never says whole unless every request of the route is granted, and says none exactly when none is', () => {
    const paths = allPaths(4);
    const requests = ['GET', 'POST', 'DELETE'].flatMap((method) => paths.map((path) => `${method} ${path}`));
    let wholes = 0;
    let parts = 0;
    fc.assert(
      fc.property(routeArb, fc.uniqueArray(grantArb, { minLength: 1, maxLength: 3 }), (route, grants) => {
        const routeRequests = requests.filter((request) => requestRegex(route).test(request));
        const grantRegexes = grants.map(requestRegex);
        const granted = routeRequests.filter((request) => grantRegexes.some((regex) => regex.test(request)));
        const verdict = coverage(grants, route);
        if (verdict === 'whole') wholes++;
        if (verdict === 'part') parts++;
        const exactlyWhole = granted.length === routeRequests.length;
        if (verdict === 'whole') expect({ route, grants, ungranted: routeRequests.filter((request) => !granted.includes(request)) }).toEqual({ route, grants, ungranted: [] });
        expect({ route, grants, none: verdict === 'none' }).toEqual({ route, grants, none: granted.length === 0 });
        // One grant covering a route is always recognised; only unions of grants are judged conservatively.
        if (grants.length === 1) expect({ route, grants, whole: verdict === 'whole' }).toEqual({ route, grants, whole: exactlyWhole });
      }),
      // fast-check prints the seed and path of a failure; FC_SEED replays it, FC_RUNS searches longer.
      { numRuns: Number(process.env.FC_RUNS ?? 250), seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(wholes).toBeGreaterThan(10);
    expect(parts).toBeGreaterThan(10);
  });
});
