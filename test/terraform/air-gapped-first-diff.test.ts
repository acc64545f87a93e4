/**
 * Air-gapped use as README documents it: a fresh copy of the project (no cdktf.out, no lock file, no
 * plugin cache, an empty home), the provider mirror named in GATEHOUSE_TF_PROVIDER_MIRROR, every
 * registry unreachable (all HTTP(S) goes to a closed port), and `npm run cdktf -- diff gatehouse-staging`. With
 * no AWS credentials the diff must fail, but at the credentials step: after Terraform installed the
 * provider from the named mirror and wrote the lock file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { providerMirror } from '../../local/terraform';

jest.setTimeout(300_000);

const PROJECT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'gatehouse-air-gapped-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The project as a fresh checkout has it: tracked and new files, nothing git ignores (cdktf.out, .gatehouse). */
function freshCopy(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(PROJECT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(PROJECT, file), join(target, file));
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(target, 'node_modules')); // what `npm ci` would install
}

/** A local port nothing listens on: every proxied request is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the first cdktf diff on an air-gapped machine', () => {
  it('installs the provider from the named mirror alone and reaches the credentials step', async () => {
    const mirror = providerMirror();
    if (!mirror) throw new Error('this test needs a provider mirror: set GATEHOUSE_TF_PROVIDER_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/');
    const project = join(work, 'gatehouse');
    const home = join(work, 'home');
    mkdirSync(home, { recursive: true });
    freshCopy(project);

    const proxy = `http://127.0.0.1:${await closedPort()}`;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|TF_|GATEHOUSE_|CDKTF_|NO_PROXY|no_proxy)/.test(name)));
    const env = {
      ...inherited,
      HOME: home,
      GATEHOUSE_TF_PROVIDER_MIRROR: mirror,
      GATEHOUSE_LOCAL_STATE: 'allow', // no state bucket: nothing is applied
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
      https_proxy: proxy,
      http_proxy: proxy,
      AWS_EC2_METADATA_DISABLED: 'true',
      CHECKPOINT_DISABLE: '1',
    };
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile('npm', ['run', 'cdktf', '--', 'diff', 'gatehouse-staging'], { cwd: project, env, timeout: 280_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stripVTControlCharacters(`${stdout}\n${stderr}`) });
      });
    });

    expect(output).not.toContain('Could not retrieve providers for locking');
    expect(output).not.toMatch(/Failed to query available provider packages|could not connect to registry/i);
    expect(output).toContain('No valid credential sources found');
    expect(code).not.toBe(0);

    // Installed from the mirror named: the provider in the stack's working directory is that mirror's.
    const stack = join(project, 'cdktf.out', 'stacks', 'gatehouse-staging');
    const lock = readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8');
    const version = /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(lock)?.[1];
    expect(version).toBeDefined();
    const installed = join(stack, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', version as string);
    const [platform] = readdirSync(installed);
    expect(realpathSync(join(installed, platform as string)).startsWith(realpathSync(mirror))).toBe(true);
    // No plugin cache appeared for a later run to mistake for a mirror.
    expect(existsSync(join(home, '.terraform.d', 'plugin-cache'))).toBe(false);
  });
});
