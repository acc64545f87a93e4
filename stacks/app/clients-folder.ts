/**
 * The clients folder: every `*.ts` file in stacks/clients/ declares one client or one team's clients
 * (default export: a ClientDeclaration). Adding a client is adding a file, which code owners review.
 *
 * Files directly in the folder form the group `clients`; a team's subfolder (`stacks/clients/payments/`)
 * forms a group of its own. Each group is its own Terraform stack per environment, planned and applied
 * on its own, so a pull request touching one team's file plans only that team's stack.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Construct } from 'constructs';
import type { ApiCatalog, ClientDeclaration } from '../api-catalog';
import { markClientFile } from '../constructs/catalog-host';
import type { EnvironmentContext } from '../model/environment';

export const CLIENTS_DIR = join(__dirname, '..', 'clients');
const PROJECT_ROOT = join(__dirname, '..', '..');
/** The group of the files directly in the clients folder. */
export const TOP_LEVEL_GROUP = 'clients';

export interface ClientFile {
  /** The file's name without extension; also its construct scope. */
  readonly name: string;
  /** The file as problems name it: relative to the project when it is inside it. Default: the name. */
  readonly path?: string;
  /** The team group (stack) the file belongs to. Default: `clients`. */
  readonly group?: string;
  readonly declare: ClientDeclaration;
}

const isClientFile = (file: string) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts');

function load(full: string, group: string): ClientFile {
  const shown = relative(PROJECT_ROOT, full);
  const loaded = require(full) as { default?: unknown };
  if (typeof loaded.default !== 'function') {
    throw new Error(`${shown}: export default a ClientDeclaration, (scope, catalog, environment) => { new ApiClient(scope, ...) }`);
  }
  return { name: basename(full, '.ts'), path: shown.startsWith('..') ? full : shown, group, declare: loaded.default as ClientDeclaration };
}

/** The folder's client files, top-level ones first, each team's subfolder after, sorted by name. */
export function loadClientFiles(dir: string = CLIENTS_DIR): ClientFile[] {
  const entries = readdirSync(dir).sort();
  const files = entries.filter(isClientFile).map((file) => load(join(dir, file), TOP_LEVEL_GROUP));
  for (const entry of entries) {
    const folder = join(dir, entry);
    if (entry.startsWith('.') || !statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).filter(isClientFile).sort()) files.push(load(join(folder, file), entry));
  }
  return files;
}

/** The files by group, in the order groups first appear. */
export function groupsOf(files: readonly ClientFile[]): Map<string, ClientFile[]> {
  const groups = new Map<string, ClientFile[]>();
  for (const file of files) {
    const group = file.group ?? TOP_LEVEL_GROUP;
    groups.set(group, [...(groups.get(group) ?? []), file]);
  }
  return groups;
}

/** Declares client files inside `scope` (a host's `clients`), each in a scope named after it. */
export function declareClientFiles(scope: Construct, files: readonly ClientFile[], catalog: ApiCatalog, environment: EnvironmentContext): void {
  for (const file of files) {
    const fileScope = new Construct(scope, file.group && file.group !== TOP_LEVEL_GROUP ? `${file.group}--${file.name}` : file.name);
    markClientFile(fileScope, file.path ?? file.name);
    file.declare(fileScope, catalog, environment);
  }
}
