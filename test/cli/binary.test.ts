/**
 * The CLI as it ships: bin/gatehouse.js running the bundle (dist/cli/gatehouse.js), rebuilt when any of
 * its sources changes, and invoked in the documentation only in ways that never download a package
 * (the registry's `gatehouse` is someone else's).
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTempDir } from '../support/temporary';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gatehouse.js');
const BUNDLE = join(ROOT, 'dist', 'cli', 'gatehouse.js');

function run(args: string[], cwd = ROOT, bin = BIN, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, timeout: 120_000, env }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
}

it('answers --help for every command, from any directory, and fails on unknown ones', async () => {
  const help = await run(['--help'], tmpdir());
  expect(help.code).toBe(0);
  for (const command of ['keys', 'token', 'explain', 'validate']) expect(help.stdout).toContain(command);
  expect((await run(['token', '--help'])).stdout).toContain('--placement <where>');
  expect((await run(['explain', '--help'])).stdout).toContain('Exit status: 0 when the request would be allowed');
  const unknown = await run(['frobnicate']);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toContain("unknown command 'frobnicate'");
});

it('prints a mistake as one line without a stack trace, exiting 1', async () => {
  const result = await run(['token', 'nosuch-client']);
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gatehouse: unknown client "nosuch-client"/)]);
});

it('rebuilds its bundle when a source it was built from changes, and only then', async () => {
  await run(['--help']); // current, whatever state the checkout was in
  const source = join(ROOT, 'bin', 'cli', 'cli-error.ts');
  const changed = new Date(statSync(source).mtimeMs + 1000);
  utimesSync(source, changed, changed);
  const rebuilt = await run(['keys', 'new', '--json']);
  expect(rebuilt.stderr).toContain('gatehouse: building the CLI (first run, or its sources changed)');
  expect(JSON.parse(rebuilt.stdout)).toEqual({ token: expect.stringMatching(/^gatehouse_/), tokenHash: expect.stringMatching(/^sha256:/) });
  expect(readFileSync(BUNDLE, 'utf8')).toContain(`"bin/cli/cli-error.ts":"${statSync(source).size}:${statSync(source).mtimeMs}"`);
  const again = await run(['keys', 'new', '--json']);
  expect(again.stderr).toBe('');
});

it('loads the sources on a fresh checkout: no bundle, no authorizer build, no demo material yet', async () => {
  // The project's files as a clone has them (node_modules linked, as `npm ci` would make it), nothing built.
  const checkout = testTempDir('fresh-checkout');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files.filter((path) => !/^(test|bench|docs)\//.test(path) && existsSync(join(ROOT, path)))) {
    mkdirSync(join(checkout, file, '..'), { recursive: true });
    cpSync(join(ROOT, file), join(checkout, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  const env = { ...process.env, HOME: testTempDir('fresh-home'), CHECKPOINT_DISABLE: '1' };
  const bin = join(checkout, 'bin', 'gatehouse.js');
  const material = join(checkout, '.gatehouse', 'demo', 'material.json');
  expect([existsSync(join(checkout, 'dist')), existsSync(material)]).toEqual([false, false]);

  // Making the demo material imports a module with import(): the bundle's source loader must resolve it.
  const validate = await run(['validate'], checkout, bin, env);
  expect(validate.stderr).toBe('gatehouse: building the CLI (first run, or its sources changed)…\n');
  expect(validate.stdout).toMatch(/^0 error\(s\), \d+ warning\(s\)$/m);
  expect(validate.code).toBe(0);
  expect(existsSync(material)).toBe(true);
  expect(existsSync(join(checkout, 'dist', 'authorizer'))).toBe(false);

  // Every command that loads sources goes through the same loader: access, with the material gone again.
  rmSync(join(checkout, '.gatehouse'), { recursive: true, force: true });
  const access = await run(['access', '--format', 'json'], checkout, bin, env);
  expect(access).toMatchObject({ code: 0, stderr: '' });
  expect((JSON.parse(access.stdout) as { environments: unknown[] }).environments.length).toBeGreaterThan(0);
}, 240_000);

describe('invocations that never download', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; private?: boolean; bin: Record<string, string> };

  it('names the package so that it is not the registry\'s `gatehouse`, keeping the gatehouse command', () => {
    expect(pkg.name).not.toBe('gatehouse');
    expect(pkg.private).toBe(true);
    expect(pkg.bin).toEqual({ gatehouse: 'bin/gatehouse.js' });
  });

  const documents = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((file) => join('docs', file))].filter((file) => file.endsWith('.md'));

  it.each(documents)('%s runs the CLI only as node bin/gatehouse.js', (document) => {
    const text = readFileSync(join(ROOT, document), 'utf8');
    expect(text).not.toMatch(/\b(npx|npm exec|pnpm dlx|yarn dlx)\s+(--\S+\s+)*gatehouse\b/);
    // In shell blocks, every command that runs the CLI names the checkout's binary.
    const shell = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) => block[1]).join('\n');
    const runs = [...shell.matchAll(/(\S*gatehouse\S*) (?:keys|token|explain|validate)\b/g)].map((match) => match[1]);
    expect(runs.filter((command) => command !== 'bin/gatehouse.js')).toEqual([]);
  });
});
