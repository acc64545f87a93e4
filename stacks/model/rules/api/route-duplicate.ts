/** api/route-duplicate (warning): An API route listed twice. */
import type { ApiDefinition } from '../../api-definition';
import { defineRule } from '../rule';

export const routeDuplicate = defineRule<ApiDefinition>({
  code: 'api/route-duplicate',
  severity: 'warning',
  summary: 'An API route listed twice',
  check: (api) => {
    const seen = new Set<string>();
    return api.routeFacts.flatMap((fact) => {
      if (!fact.parsed.ok) return [];
      const repeated = seen.has(fact.parsed.value.text);
      seen.add(fact.parsed.value.text);
      return repeated ? [{ field: `api.routes[${fact.index}]`, value: fact.text, message: 'repeats an earlier route', fix: 'remove the duplicate' }] : [];
    });
  },
});
