/**
 * The catalogs the access model is built from, one per environment, declared from a clients folder the
 * way the cdktf app declares them, and never synthesized (no Terraform, no AWS, no authorizer bundle).
 * Loaded from the TypeScript sources (client files import stacks/, and the model must see those classes).
 *
 * Environments: one platform per environment of stacks/environments.ts (for `access diff`, the compared
 * commit's, like its client files), each with its own catalog, so access is shown and diffed per
 * environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { CLIENTS_DIR, loadClientFiles } from '../../stacks/app/clients-folder';
import { prepareDemoMaterial } from '../../stacks/app/demo-material';
import { buildEnvironmentStacks } from '../../stacks/app/gatehouse-app';
import { ApiClient } from '../../stacks/constructs/api-client';
import { clientFileOf } from '../../stacks/constructs/catalog-host';
import type { GatehousePlatform } from '../../stacks/constructs/gatehouse-platform';
import type { ClientDefinition } from '../../stacks/model/api-client';
import { type AccessInput, buildAccessModel } from '../../stacks/model/access/build-model';
import type { AccessModel } from '../../stacks/model/access/model';

/** The file each client was declared in, wherever in the app (a team's client stack included). */
function clientFiles(app: App): (client: ClientDefinition) => string | undefined {
  const files = new Map<ClientDefinition, string | undefined>();
  for (const construct of app.node.findAll()) {
    if (construct instanceof ApiClient && construct.definition) files.set(construct.definition, clientFileOf(construct));
  }
  return (client) => files.get(client);
}

/**
 * The platform of every environment, declared from a clients folder (default: stacks/clients), dates
 * judged at `now`, for `use`: each platform holds its environment's catalog.
 */
export async function withPlatforms<T>(clientsDir: string | undefined, now: Date, use: (platforms: readonly GatehousePlatform[], app: App) => T): Promise<T> {
  await prepareDemoMaterial(); // the example clients read their demo keys
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-access-'));
  try {
    // Never synthesized or deployed: local state and placeholder outputs keep it free of any AWS setting;
    // the platform only needs an (empty) folder where its bundle would be.
    const app = new App({ outdir: join(scratch, 'out'), context: { 'gatehouse:now': now.toISOString() } });
    const environments = buildEnvironmentStacks(app, loadClientFiles(resolve(clientsDir ?? CLIENTS_DIR)), { authorizerBundleDir: scratch, localState: 'allow', platformOutputDefaults: true });
    return use(environments.map((environment) => environment.platform), app);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The access model of a clients folder (default: stacks/clients), statuses judged at `now`. */
export async function accessModelOf(clientsDir: string | undefined, now: Date): Promise<AccessModel> {
  return withPlatforms(clientsDir, now, (platforms, app) => {
    const fileOf = clientFiles(app);
    const inputs: AccessInput[] = platforms.map((platform) => ({ environment: platform.environment.name, catalog: platform.catalog, fileOf }));
    return buildAccessModel(inputs, now);
  });
}
