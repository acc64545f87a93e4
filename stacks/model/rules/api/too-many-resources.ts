/** api/too-many-resources (warning): More resources than API Gateway's default quota of 300 per REST API. */
import type { ApiDefinition } from '../../api-definition';
import { defineRule } from '../rule';
import { pathText } from '../../../../record/routes';

export const tooManyResources = defineRule<ApiDefinition>({
  code: 'api/too-many-resources',
  severity: 'warning',
  summary: "More resources than API Gateway's default quota of 300 per REST API",
  check: (api) => {
    const resources = new Set(api.routes.map((route) => pathText(route.segments).replace(/\{[^}]*\}/g, '{}')));
    return resources.size <= 300 ? [] : [{ field: 'api.routes', value: resources.size, message: "declares more resources than API Gateway's default quota of 300 per REST API", fix: 'ask AWS for a higher quota, or split the API' }];
  },
});
