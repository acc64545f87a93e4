/**
 * The clients folder: every `*.ts` file in stacks/clients/ declares one client or one team's clients
 * (default export: a ClientDeclaration). Adding a client is adding a file, which code owners review.
 */
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Construct } from 'constructs';
import { type ApiCatalog, type ClientDeclaration, declareApiCatalog } from '../api-catalog';
import { markClientFile } from '../constructs/catalog-host';

export const CLIENTS_DIR = join(__dirname, '..', 'clients');
const PROJECT_ROOT = join(__dirname, '..', '..');

export interface ClientFile {
  /** The file's name without extension; also its construct scope. */
  readonly name: string;
  /** The file as problems name it: relative to the project when it is inside it. Default: the name. */
  readonly path?: string;
  readonly declare: ClientDeclaration;
}

export function loadClientFiles(dir: string = CLIENTS_DIR): ClientFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
    .sort()
    .map((file) => {
      const full = join(dir, file);
      const shown = relative(PROJECT_ROOT, full);
      const loaded = require(full) as { default?: unknown };
      if (typeof loaded.default !== 'function') {
        throw new Error(`${shown}: export default a ClientDeclaration, (scope, catalog) => { new ApiClient(scope, ...) }`);
      }
      return { name: basename(file, '.ts'), path: shown.startsWith('..') ? full : shown, declare: loaded.default as ClientDeclaration };
    });
}

/** Declares the API catalog and every client file inside `scope` (a platform's `clients`). */
export function declareClientFiles(scope: Construct, files: readonly ClientFile[]): ApiCatalog {
  const catalog = declareApiCatalog(new Construct(scope, 'api-catalog'));
  for (const file of files) {
    const fileScope = new Construct(scope, file.name);
    markClientFile(fileScope, file.path ?? file.name);
    file.declare(fileScope, catalog);
  }
  return catalog;
}
