/** collection/route-invalid (error): A route that is not in the route language. */
import type { CollectionDefinition } from '../../api-collection';
import { defineRule } from '../rule';

export const routeInvalid = defineRule<CollectionDefinition>({
  code: 'collection/route-invalid',
  severity: 'error',
  summary: 'A route that is not in the route language',
  check: (collection) => collection.routes.flatMap((route) => (route.parsed.ok ? [] : [{ field: `routes[${route.index}]`, value: route.text, message: route.parsed.problem, fix: route.parsed.fix }])),
});
