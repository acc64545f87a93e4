/**
 * The entry of the CLI's bundle (scripts/build-cli.ts builds it into dist/cli/gatehouse.js, which
 * bin/gatehouse.js runs). Commands that need the TypeScript sources themselves (`validate` loads the
 * clients folder, whose files import stacks/) get them through tsx, registered only then.
 */
import { type CliIo, runCli as runWith } from './main';

let tsxRegistered: Promise<void> | undefined;

/**
 * tsx's two hooks, as its own CLI registers them: the require hook compiles the sources `require()`
 * loads, the import hook resolves and compiles what they load with `import()` (demo-material.ts makes
 * the demo CA lazily that way), which node's loader alone cannot resolve (an extensionless .ts path).
 * The import hook's API is imported as ESM: its CommonJS build resolves its loader against the wrong
 * folder (tsx 4.23: dist/esm/api/esm/index.mjs).
 */
async function registerTsx(): Promise<void> {
  (require('tsx/cjs/api') as { register(): void }).register();
  ((await import('tsx/esm/api')) as { register(): void }).register();
}

async function loadSource(path: string): Promise<unknown> {
  tsxRegistered ??= registerTsx();
  await tsxRegistered;
  return require(path);
}

export function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<void> {
  return runWith(argv, { loadSource, ...io });
}
