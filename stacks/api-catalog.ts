/**
 * The API catalog: the access policies and API collections the platform team offers. Client files
 * (stacks/clients/) pick from it, so a client can only be granted what exists here.
 */
import type { Construct } from 'constructs';
import type { EnvironmentContext } from './model/environment';
import { AccessPolicy } from './constructs/access-policy';
import { ApiCollection } from './constructs/api-collection';

/** @param environment the environment being declared: a catalog may offer different limits in each. */
export function declareApiCatalog(scope: Construct, environment?: EnvironmentContext) {
  void environment; // the example offers the same catalog everywhere
  return {
    policies: {
      standard: new AccessPolicy(scope, 'standard', {
        description: 'Partners in production',
        rateLimit: { requestsPerSecond: 50, burst: 100 },
        quota: { limit: 1_000_000, period: 'MONTH' },
      }),
      trial: new AccessPolicy(scope, 'trial', {
        description: 'Evaluation access: a trickle, capped per day',
        rateLimit: { requestsPerSecond: 1, burst: 2 },
        quota: { limit: 1_000, period: 'DAY' },
      }),
    },
    collections: {
      orders: new ApiCollection(scope, 'orders', {
        description: 'Read and place orders',
        routes: ['GET /orders', 'POST /orders', 'GET /orders/{id}'],
      }),
      ordersReadOnly: new ApiCollection(scope, 'orders-read-only', { routes: ['GET /orders', 'GET /orders/{id}'] }),
      invoices: new ApiCollection(scope, 'invoices', { routes: ['GET /invoices'] }),
      health: new ApiCollection(scope, 'health', { routes: ['GET /health'] }),
    },
  };
}

export type ApiCatalog = ReturnType<typeof declareApiCatalog>;

/**
 * What a file in stacks/clients/ exports by default: declares its clients and keys in `scope`. It runs
 * once per environment (and for the local run): `environment` says which.
 */
export type ClientDeclaration = (scope: Construct, catalog: ApiCatalog, environment: EnvironmentContext) => void;
