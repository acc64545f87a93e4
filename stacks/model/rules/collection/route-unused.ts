/** collection/route-unused (warning): A route that matches nothing the protected API serves. */
import type { CatalogContext } from '../context';
import type { CollectionDefinition } from '../../api-collection';
import { defineRule } from '../rule';

export const routeUnused = defineRule<CollectionDefinition, CatalogContext>({
  code: 'collection/route-unused',
  severity: 'warning',
  summary: 'A route that matches nothing the protected API serves',
  check: (collection, { api }) => {
    const compiled = api.compile(collection.grants);
    const unused = compiled.ok ? compiled.unusedGrants : [];
    return collection.routes.flatMap((route) =>
      route.parsed.ok && unused.includes(route.parsed.value.text)
        ? [{ field: `routes[${route.index}]`, value: route.text, message: 'matches no route the protected API serves, so it grants nothing', fix: "correct it to one of the API's routes, or declare the route on the API" }]
        : [],
    );
  },
});
