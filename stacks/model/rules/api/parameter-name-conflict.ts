/** api/parameter-name-conflict (error): Two names for one path parameter position, which API Gateway refuses. */
import type { ApiDefinition } from '../../api-definition';
import { defineRule } from '../rule';
import { pathText } from '../../../../record/routes';

export const parameterNameConflict = defineRule<ApiDefinition>({
  code: 'api/parameter-name-conflict',
  severity: 'error',
  summary: 'Two names for one path parameter position, which API Gateway refuses',
  check: (api) => {
    // API Gateway refuses sibling parameters with different names (`/orders/{id}` beside `/orders/{orderId}`).
    const names = new Map<string, { name: string; route: string }>();
    return api.routeFacts.flatMap((fact) => {
      if (!fact.parsed.ok) return [];
      const route = fact.parsed.value;
      return route.segments.flatMap((segment, depth) => {
        if (segment.kind === 'literal') return [];
        const position = `${pathText(route.segments.slice(0, depth))}#${segment.kind}`;
        const known = names.get(position);
        if (!known) return void names.set(position, { name: segment.name, route: route.text }), [];
        if (known.name === segment.name) return [];
        return [{ field: `api.routes[${fact.index}]`, value: fact.text, message: `names the path parameter {${segment.name}} where "${known.route}" names it {${known.name}}`, fix: 'use one name for the parameter at this position in every route' }];
      });
    });
  },
});
