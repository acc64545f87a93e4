/** api/routes-empty (error): A protected API without routes. */
import type { ApiDefinition } from '../../api-definition';
import { defineRule } from '../rule';

export const routesEmpty = defineRule<ApiDefinition>({
  code: 'api/routes-empty',
  severity: 'error',
  summary: 'A protected API without routes',
  check: (api) => (api.routeFacts.length > 0 ? [] : [{ field: 'api.routes', value: [], message: 'is empty', fix: 'list the routes the protected API serves, e.g. "GET /orders/{id}"' }]),
});
