/**
 * Prints the access model of this checkout's clients folder as JSON on stdout, with the OpenAPI documents
 * its environments read. `gatehouse access diff` runs it with tsx inside the temporary worktree that holds
 * another commit's client definitions (access-ref.ts), so that commit's definitions are evaluated by their
 * own process:
 *
 *   node node_modules/tsx/dist/cli.mjs bin/cli/access-snapshot.ts --now 2026-01-01T00:00:00Z
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { openApiDocumentsRead } from '../../stacks/model/openapi';
import type { AccessModel } from '../../stacks/model/access/model';
import { accessModelOf } from './access-catalogs';

/** What the snapshot prints: the model, and the OpenAPI documents it read (paths relative to the project). */
export interface AccessSnapshot {
  readonly model: AccessModel;
  readonly openApiDocuments: readonly string[];
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--now');
  const now = at === -1 ? new Date() : new Date(argv[at + 1] ?? '');
  if (Number.isNaN(now.getTime())) throw new Error('--now needs an ISO 8601 instant');
  const model = await accessModelOf(undefined, now);
  const openApiDocuments = openApiDocumentsRead().map((file) => relative(process.cwd(), resolve(file)));
  const snapshot: AccessSnapshot = { model, openApiDocuments: openApiDocuments.filter((file) => !file.startsWith('..') && !isAbsolute(file)) };
  process.stdout.write(`${JSON.stringify(snapshot)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
