/** collection/route-duplicate (warning): A route written twice in one collection. */
import type { CollectionDefinition } from '../../api-collection';
import { defineRule } from '../rule';

export const routeDuplicate = defineRule<CollectionDefinition>({
  code: 'collection/route-duplicate',
  severity: 'warning',
  summary: 'A route written twice in one collection',
  check: (collection) => {
    const seen = new Set<string>();
    return collection.routes.flatMap((route) => {
      if (!route.parsed.ok) return [];
      const repeated = seen.has(route.parsed.value.text);
      seen.add(route.parsed.value.text);
      return repeated ? [{ field: `routes[${route.index}]`, value: route.text, message: 'repeats an earlier route', fix: 'remove the duplicate' }] : [];
    });
  },
});
