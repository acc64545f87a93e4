/** client/policy-not-exact (error): Routes that cannot be compiled into an exact IAM policy within API Gateway's limits. */
import type { CatalogContext } from '../context';
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const policyNotExact = defineRule<ClientDefinition, CatalogContext>({
  code: 'client/policy-not-exact',
  severity: 'error',
  summary: "Routes that cannot be compiled into an exact IAM policy within API Gateway's limits",
  check: (client, { api }) => {
    if (api.routes.length === 0 || client.collections.some((collection) => collection.routes.some((route) => !route.parsed.ok))) return [];
    const compiled = api.compile(client.collections.flatMap((collection) => collection.grants));
    return compiled.ok ? [] : [{ field: 'collections', value: client.collections.map((collection) => collection.name), message: compiled.problem, fix: compiled.fix }];
  },
});
