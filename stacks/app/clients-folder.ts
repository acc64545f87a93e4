/**
 * The clients folder: every `*.ts` file in stacks/clients/ declares one client or one team's clients
 * (default export: a ClientDeclaration). Adding a client is adding a file, which code owners review.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Construct } from 'constructs';
import { type ApiCatalog, type ClientDeclaration, declareApiCatalog } from '../api-catalog';

export const CLIENTS_DIR = join(__dirname, '..', 'clients');

export interface ClientFile {
  /** The file's name without extension; also its construct scope, so synth errors point at it. */
  readonly name: string;
  readonly declare: ClientDeclaration;
}

export function loadClientFiles(dir: string = CLIENTS_DIR): ClientFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
    .sort()
    .map((file) => {
      const loaded = require(join(dir, file)) as { default?: unknown };
      if (typeof loaded.default !== 'function') {
        throw new Error(`${join(dir, file)}: export default a ClientDeclaration, (scope, catalog) => { new ApiClient(scope, ...) }`);
      }
      return { name: basename(file, '.ts'), declare: loaded.default as ClientDeclaration };
    });
}

/** Declares the API catalog and every client file inside `scope` (a platform's `clients`). */
export function declareClientFiles(scope: Construct, files: readonly ClientFile[]): ApiCatalog {
  const catalog = declareApiCatalog(new Construct(scope, 'api-catalog'));
  for (const file of files) file.declare(new Construct(scope, file.name), catalog);
  return catalog;
}
