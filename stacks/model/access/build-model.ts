/**
 * Builds the access model from catalogs: one per environment (a key belongs to one environment; a
 * client may exist in some environments only). Works on the catalog's definitions alone, never on
 * AWS or a deployment, so it answers for a commit as well as for the working tree.
 */
import type { ClientDefinition } from '../api-client';
import type { KeyDefinition } from '../api-key';
import type { Catalog } from '../catalog';
import { authAccessOf, mtlsAccessOf } from './auth-identity';
import { ipAccessOf } from './ip-space';
import { ACCESS_MODEL_VERSION, type AccessModel, type ClientAccess, type EnvironmentAccess, type KeyAccess, type KeyStatus, type PolicyAccess } from './model';
import { routesReached } from './route-reach';

export interface AccessInput {
  /** The environment's name; today's single platform is `default`. */
  readonly environment: string;
  readonly catalog: Catalog;
  /** The file that declared a client, relative to the project, for CODEOWNERS. */
  readonly fileOf?: (client: ClientDefinition) => string | undefined;
}

function statusOf(key: KeyDefinition, now: Date): KeyStatus {
  if (!key.enabled) return 'disabled';
  if (key.notAfterInstant && key.notAfterInstant.getTime() <= now.getTime()) return 'expired';
  return key.client.enabled ? 'active' : 'client-disabled';
}

function keyAccessOf(catalog: Catalog, key: KeyDefinition, now: Date): KeyAccess {
  return {
    name: key.name,
    description: typeof key.settings.description === 'string' ? key.settings.description : undefined,
    tokenHash: key.keyHash === undefined ? undefined : `sha256:${key.keyHash}`,
    enabled: key.enabled,
    notAfter: key.notAfter ?? null,
    status: statusOf(key, now),
    valid: !catalog.hasErrors(key),
    ip: ipAccessOf(key),
  };
}

function policyAccessOf(client: ClientDefinition): PolicyAccess | null {
  const policy = client.policy;
  if (!policy) return null;
  const { rateLimit, quota } = policy.settings;
  return {
    name: policy.name,
    rateLimit: rateLimit ? { requestsPerSecond: rateLimit.requestsPerSecond, burst: rateLimit.burst } : null,
    quota: quota ? { limit: quota.limit, period: quota.period, offset: quota.offset ?? 0 } : null,
  };
}

function clientAccessOf(input: AccessInput, client: ClientDefinition, now: Date): ClientAccess {
  const { catalog } = input;
  const max = client.maxLifetimeSeconds;
  return {
    name: client.name,
    description: String(client.settings.description ?? ''),
    owner: String(client.settings.owner ?? ''),
    file: input.fileOf?.(client),
    enabled: client.enabled,
    valid: !catalog.hasErrors(client),
    auth: authAccessOf(client),
    tokens: { requireExpiry: client.tokenRules.requireExpiry, maxLifetimeSeconds: typeof max === 'number' ? max : null },
    mtls: mtlsAccessOf(client),
    collections: client.collections.map((collection) => collection.name),
    routes: routesReached(catalog.api.routes, client.collections.flatMap((collection) => collection.grants)),
    policy: policyAccessOf(client),
    keys: catalog.keys.filter((key) => key.client === client).map((key) => keyAccessOf(catalog, key, now)),
  };
}

export function buildAccessModel(inputs: readonly AccessInput[], now: Date): AccessModel {
  const names = new Set<string>();
  const environments: EnvironmentAccess[] = inputs.map((input) => {
    if (names.has(input.environment)) throw new Error(`environment "${input.environment}" is given twice`);
    names.add(input.environment);
    return {
      name: input.environment,
      apiRoutes: input.catalog.api.routes.map((route) => route.text),
      clients: input.catalog.clients.map((client) => clientAccessOf(input, client, now)).sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  return { version: ACCESS_MODEL_VERSION, at: now.toISOString(), environments };
}
