import { ApiRouter, grantAdmits, parseApiRoute, parseGrantedRoute, pathSegments } from '../../record/routes';
import { apiRoutes, grantedRoutes } from '../support/api';

const admits = (route: string, method: string, path: string) => grantAdmits(grantedRoutes([route])[0]!, method, pathSegments(path));

describe('granted routes', () => {
  it.each([
    ['GET /orders', 'GET /orders'],
    ['get /orders/*', 'GET /orders/*'],
    ['* /health', '* /health'],
    ['ANY /', '* /'],
    ['DELETE /orders/{id}', 'DELETE /orders/{id}'],
    ['GET /files/{proxy+}', 'GET /files/{proxy+}'],
    ['PATCH /v1/orders/*/lines', 'PATCH /v1/orders/*/lines'],
    ['GET /events/2025-01-01T10:00:00Z', 'GET /events/2025-01-01T10:00:00Z'],
  ])('parses %s as %s, which parses back to itself', (text, canonical) => {
    const parsed = parseGrantedRoute(text);
    expect(parsed.ok && parsed.value.text).toBe(canonical);
    const again = parseGrantedRoute(canonical);
    expect(again.ok && again.value.text).toBe(canonical);
  });

  it.each([
    ['GET', 'is not "METHOD /path"'],
    ['GET  /x', 'is not "METHOD /path"'],
    ['FETCH /orders', 'has method'],
    ['GET orders', 'does not start with'],
    ['GET /orders?id=1', 'query'],
    ['GET /orders//lines', 'empty path segment'],
    ['GET /orders/', 'empty path segment'],
    ['GET /ord ers', 'is not "METHOD /path"'],
    ['GET /orders/<id>', 'characters'],
    ['GET /orders/order-*', 'wildcard inside it'],
    ['GET /files/{rest+}/x', 'before the end'],
    ['GET /orders/{id', 'not a path parameter'],
  ])('refuses %s', (text, problem) => {
    const parsed = parseGrantedRoute(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it('matches one segment for {param} and *, one or more for {greedy+}, literals exactly', () => {
    expect(admits('GET /orders/{id}', 'GET', '/orders/42')).toBe(true);
    expect(admits('GET /orders/{id}', 'GET', '/orders/42/invoices/7')).toBe(false);
    expect(admits('GET /orders/{id}', 'GET', '/orders')).toBe(false);
    expect(admits('GET /orders/*', 'GET', '/orders/42')).toBe(true);
    expect(admits('GET /orders/*', 'GET', '/orders/42/lines')).toBe(false);
    expect(admits('GET /files/{p+}', 'GET', '/files/a')).toBe(true);
    expect(admits('GET /files/{p+}', 'GET', '/files/a/b/c')).toBe(true);
    expect(admits('GET /files/{p+}', 'GET', '/files')).toBe(false);
    expect(admits('* /health', 'DELETE', '/health')).toBe(true);
    expect(admits('* /health', 'DELETE', '/orders/42/health')).toBe(false);
    expect(admits('GET /orders', 'POST', '/orders')).toBe(false);
    expect(admits('GET /Orders', 'GET', '/orders')).toBe(false);
    expect(admits('ANY /', 'GET', '/')).toBe(true);
  });

  it('never lets a wildcard match an empty segment', () => {
    expect(admits('GET /orders/{id}', 'GET', '/orders/')).toBe(false);
    expect(admits('GET /files/{p+}', 'GET', '/files/a//b')).toBe(false);
  });
});

describe('API routes and API Gateway\'s resource selection', () => {
  const router = new ApiRouter(apiRoutes(['GET /orders/{id}', 'GET /orders/search', 'ANY /{proxy+}', 'GET /orders/{id}/lines', 'ANY /orders/{id}', 'DELETE /orders/{id}']));
  const reached = (method: string, path: string) => router.route(method, pathSegments(path))?.text;

  it('prefers a literal segment to a parameter, and a parameter to a greedy variable', () => {
    expect(reached('GET', '/orders/search')).toBe('GET /orders/search');
    expect(reached('GET', '/orders/42')).toBe('GET /orders/{id}');
    expect(reached('GET', '/orders/42/lines')).toBe('GET /orders/{id}/lines');
    expect(reached('GET', '/orders/42/other')).toBe('ANY /{proxy+}');
  });

  it('then takes the method on the chosen resource: an explicit method before ANY, no fallback to another resource', () => {
    expect(reached('DELETE', '/orders/42')).toBe('DELETE /orders/{id}');
    expect(reached('PUT', '/orders/42')).toBe('ANY /orders/{id}');
    expect(reached('POST', '/orders/search')).toBeUndefined();
  });

  it('refuses malformed API routes', () => {
    expect(parseApiRoute('FETCH /x').ok).toBe(false);
    expect(parseApiRoute('GET /orders/*').ok).toBe(false);
    expect(parseApiRoute('* /orders').ok).toBe(false);
  });
});
