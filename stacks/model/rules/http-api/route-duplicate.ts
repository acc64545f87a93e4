/** http-api/route-duplicate (error): A route key given twice, which an HTTP API refuses. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const routeDuplicate = defineRule<HttpApiFacts>({
  code: 'http-api/route-duplicate',
  severity: 'error',
  summary: 'A route key given twice, which an HTTP API refuses',
  check: ({ routes }) => {
    const seen = new Set<string>();
    return routes.flatMap((route) => {
      if (!route.parsed.ok) return [];
      const key = route.parsed.value.key;
      if (!seen.has(key)) {
        seen.add(key);
        return [];
      }
      return [{ field: `routes[${route.index}]`, value: route.text, message: `repeats route ${key}; an HTTP API has each route key once`, fix: 'remove the repeated route' }];
    });
  },
});
