/** http-api/route-invalid (error): A route key an HTTP API does not accept. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const routeInvalid = defineRule<HttpApiFacts>({
  code: 'http-api/route-invalid',
  severity: 'error',
  summary: 'A route key an HTTP API does not accept',
  check: ({ routes }) =>
    routes.flatMap((route) =>
      route.parsed.ok
        ? []
        : [{ field: `routes[${route.index}]`, value: route.text, message: route.parsed.problem, fix: `${route.parsed.fix}, or $default for the catch-all route` }],
    ),
});
