/**
 * `gatehouse validate`: every synth-time check of a clients folder, for the AWS and the local stack,
 * without synthesizing. Loaded from the TypeScript sources (through tsx when the CLI runs as its bundle):
 * client files import the constructs from stacks/, and the checks must see those same classes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { collectProblems, formatReportedProblem } from '../../stacks/app/annotations';
import { CLIENTS_DIR, loadClientFiles } from '../../stacks/app/clients-folder';
import { prepareDemoMaterial } from '../../stacks/app/demo-material';
import { buildGatehouseApp } from '../../stacks/app/gatehouse-app';

/**
 * Prints every problem once (a client file is declared in every stack) and a count; with `suppressed`,
 * also the warnings suppressions accepted, with their reasons. Resolves with the number of errors.
 */
export async function validateClients(clientsDir: string | undefined, out: (text: string) => void, options: { suppressed?: boolean } = {}): Promise<number> {
  await prepareDemoMaterial(); // the example clients read their demo keys
  const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-validate-'));
  let listed: ReturnType<typeof collectProblems>;
  try {
    // Never synthesized: the platform only needs an (empty) folder where the authorizer bundle would be,
    // so validate works before `npm run build` (a fresh checkout, a pull request's CI job).
    const app = new App({ outdir: join(scratch, 'out') });
    buildGatehouseApp(app, { clientFiles: loadClientFiles(resolve(clientsDir ?? CLIENTS_DIR)), authorizerBundleDir: scratch });
    listed = collectProblems(app, { suppressed: options.suppressed });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const problem of listed) out(formatReportedProblem(problem));
  const problems = listed.filter((problem) => problem.suppressedBecause === undefined);
  const errors = problems.filter((problem) => problem.level === 'error').length;
  const suppressed = listed.length - problems.length;
  out(`${errors} error(s), ${problems.length - errors} warning(s)${options.suppressed ? `, ${suppressed} suppressed` : ''}`);
  return errors;
}
