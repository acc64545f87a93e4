/** api/route-invalid (error): An API route not written as API Gateway writes routes. */
import type { ApiDefinition } from '../../api-definition';
import { defineRule } from '../rule';

export const routeInvalid = defineRule<ApiDefinition>({
  code: 'api/route-invalid',
  severity: 'error',
  summary: 'An API route not written as API Gateway writes routes',
  check: (api) => api.routeFacts.flatMap((fact) => (fact.parsed.ok ? [] : [{ field: `api.routes[${fact.index}]`, value: fact.text, message: fact.parsed.problem, fix: fact.parsed.fix }])),
});
