/** client/route-partly-granted-on-http-api (warning): Grants covering part of an HTTP API route, which the HTTP API then refuses whole. */
import { routeCoverage } from '../../../../record/http-api-routes';
import { type ClientOnHttpApi, routeKeysOf } from '../../http-api';
import { defineRule } from '../rule';

export const routePartlyGrantedOnHttpApi = defineRule<ClientOnHttpApi>({
  code: 'client/route-partly-granted-on-http-api',
  severity: 'warning',
  summary: 'Grants covering part of an HTTP API route, which the HTTP API then refuses whole',
  check: ({ client, httpApi }) => {
    const grants = client.collections.flatMap((collection) => collection.grants);
    const partly = routeKeysOf(httpApi).filter((route) => routeCoverage(grants, route) === 'part');
    if (partly.length === 0) return [];
    return [
      {
        field: 'collections',
        value: partly.map((route) => route.key),
        message:
          `client "${client.name}" is granted only part of HTTP API "${httpApi.name}"'s route${partly.length > 1 ? 's' : ''} ${partly.map((route) => route.key).join(', ')}: ` +
          "an HTTP API caches the authorizer's answer for the whole route, so the client is refused the whole route (403 route_partly_in_collections)",
        fix: 'grant each route whole (e.g. GET /orders/{id} rather than GET /orders/42), or give the HTTP API a route of its own for the part granted',
      },
    ];
  },
});
