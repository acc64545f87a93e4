/**
 * Bundles the CLI (bin/cli) into one file, dist/cli/gatehouse.js, so a command starts in a fraction of
 * the time tsx needs to compile the sources at every call. bin/gatehouse.js runs it, and calls
 * buildCli() first when the bundle is missing or any file it was built from has changed.
 *
 * Bundled: the CLI's own sources, and the two packages every command uses (commander; jose, ESM-only).
 * Every other package stays in node_modules and is required when a command needs it (the AWS SDK for
 * `explain`, sshpk for OpenSSH keys; `validate` loads cdktf and the clients folder from the sources
 * through tsx). The bundle records its inputs' sizes and modification times (`builtFrom`) for that check.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readFile } from 'node:fs/promises';

const ROOT = join(__dirname, '..');
export const CLI_BUNDLE_DIR = join(ROOT, 'dist', 'cli');
export const CLI_BUNDLE = join(CLI_BUNDLE_DIR, 'gatehouse.js');
const BUNDLED_PACKAGES = new Set(['commander', 'jose']);

/** Packages other than BUNDLED_PACKAGES are left to node_modules. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : (args.path.split('/')[0] as string);
      return BUNDLED_PACKAGES.has(name) || args.path.startsWith('node:') ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * The sources find the repository's folders (.gatehouse/, bin/cli/) from their own `__dirname`; inside
 * the bundle that is dist/cli, so each source's `__dirname` is rewritten to its own folder, relative to
 * the bundle.
 */
const sourceDirname: Plugin = {
  name: 'source-dirname',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('__dirname')) return undefined;
      const fromBundle = JSON.stringify(relative(CLI_BUNDLE_DIR, dirname(args.path)));
      return { contents: source.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${fromBundle})`), loader: 'ts' };
    });
  },
};

/** `size:mtime` of a file, as bin/gatehouse.js compares it. */
function stamp(path: string): string {
  const stats = statSync(path);
  return `${stats.size}:${stats.mtimeMs}`;
}

export async function buildCli(): Promise<{ bytes: number; inputs: number }> {
  const started = Date.now();
  const result = await build({
    entryPoints: [join(ROOT, 'bin', 'cli', 'bundle-entry.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: CLI_BUNDLE,
    plugins: [externalPackages, sourceDirname],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const builtFrom: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    // A file changed while the build read it may be in the bundle in either version: record it as stale.
    builtFrom[input] = statSync(join(ROOT, input)).mtimeMs > started ? 'changed during the build' : stamp(join(ROOT, input));
  }
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no CLI bundle');
  const text = `${output.text}module.exports.builtFrom=${JSON.stringify(builtFrom)};\n`;
  // Written aside and renamed, so a CLI started meanwhile (parallel tests) reads a whole bundle.
  const draft = `${CLI_BUNDLE}.${process.pid}.tmp`;
  mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
  writeFileSync(draft, text);
  renameSync(draft, CLI_BUNDLE);
  return { bytes: Buffer.byteLength(text), inputs: Object.keys(builtFrom).length };
}

if (require.main === module) {
  buildCli().then(
    ({ bytes, inputs }) => console.log(`built ${CLI_BUNDLE} (${(bytes / 1024).toFixed(1)} KiB from ${inputs} files)`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
