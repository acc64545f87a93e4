/** The protected API the tests' clients call: nested resources, a literal beside a parameter, a proxy. */
import { type ApiRoute, type GrantedRoute, parseApiRoute, parseGrantedRoute } from '../../record/routes';

export const TEST_API_ROUTES = [
  'GET /health',
  'GET /orders',
  'POST /orders',
  'GET /orders/search',
  'GET /orders/{id}',
  'DELETE /orders/{id}',
  'GET /orders/{id}/health',
  'GET /orders/{id}/invoices/{invoiceId}',
  'GET /invoices',
  'ANY /files/{proxy+}',
] as const;

export function apiRoutes(texts: readonly string[] = TEST_API_ROUTES): ApiRoute[] {
  return texts.map((text) => {
    const parsed = parseApiRoute(text);
    if (!parsed.ok) throw new Error(`test API route ${text} ${parsed.problem}`);
    return parsed.value;
  });
}

export function grantedRoutes(texts: readonly string[]): GrantedRoute[] {
  return texts.map((text) => {
    const parsed = parseGrantedRoute(text);
    if (!parsed.ok) throw new Error(`test route ${text} ${parsed.problem}`);
    return parsed.value;
  });
}
