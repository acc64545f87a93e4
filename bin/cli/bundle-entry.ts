/**
 * The entry of the CLI's bundle (scripts/build-cli.ts builds it into dist/cli/gatehouse.js, which
 * bin/gatehouse.js runs). Commands that need the TypeScript sources themselves (`validate` loads the
 * clients folder, whose files import stacks/) get them through tsx, registered only then.
 */
import { type CliIo, runCli as runWith } from './main';

let tsxRegistered = false;

function loadSource(path: string): unknown {
  if (!tsxRegistered) {
    (require('tsx/cjs/api') as { register(): void }).register();
    tsxRegistered = true;
  }
  return require(path);
}

export function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<void> {
  return runWith(argv, { loadSource, ...io });
}
