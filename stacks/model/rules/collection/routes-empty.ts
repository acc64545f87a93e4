/** collection/routes-empty (error): A collection without routes. */
import type { CollectionDefinition } from '../../api-collection';
import { defineRule } from '../rule';

export const routesEmpty = defineRule<CollectionDefinition>({
  code: 'collection/routes-empty',
  severity: 'error',
  summary: 'A collection without routes',
  check: (collection) =>
    collection.routes.length > 0 ? [] : [{ field: 'routes', value: collection.settings.routes, message: 'is empty', fix: 'list the routes this collection grants, e.g. "GET /orders/{id}"' }],
});
