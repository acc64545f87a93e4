/**
 * Runs Terraform for the local run, the tests and the benchmarks, with the same settings `npm run cdktf`
 * uses.
 *
 * Air-gapped machines install providers from a filesystem mirror: a folder holding a
 * `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/` tree. Name it in
 * GATEHOUSE_TF_PROVIDER_MIRROR; a Terraform CLI configuration that installs from it is written to
 * .gatehouse/terraform/mirror-<hash>.tfrc and used. When the variable is unset, a mirror on this machine is looked
 * for (a bounded search of the filesystem) and used if found; `GATEHOUSE_TF_PROVIDER_MIRROR=none` turns
 * that off, leaving Terraform's own configuration (the public registry).
 *
 * The search never picks what Terraform itself writes in a mirror's layout, a plugin cache
 * (`~/.terraform.d/plugin-cache`, TF_PLUGIN_CACHE_DIR, which the cdktf CLI sets up) or a working
 * directory's `.terraform/providers`: those appear after a run, so choosing them would make the mirror
 * change between runs. Of the mirrors left, the first by path is used, and said.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export const MIRROR_VARIABLE = 'GATEHOUSE_TF_PROVIDER_MIRROR';
const CLI_CONFIG_DIR = join(__dirname, '..', '.gatehouse', 'terraform');

export class TerraformError extends Error {
  override readonly name = 'TerraformError';
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** The CLI configuration for a filesystem mirror; providers not in it still come from their registries. */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`;
}

const AWS_PROVIDER_PATH = join('registry.terraform.io', 'hashicorp', 'aws');
let discovered: { mirror: string | undefined } | undefined;

/** Terraform's own plugin caches and working copies: mirror-shaped, but written by runs. */
export function isTerraformOwnCopy(path: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const segments = path.split(sep);
  const cache = env.TF_PLUGIN_CACHE_DIR;
  return segments.includes('.terraform') || segments.includes('.terraform.d') || (cache !== undefined && cache !== '' && (path === cache || path.startsWith(cache + sep)));
}

/** Of the mirror-shaped folders found, the one to use: not a Terraform copy, first by path. */
export function chooseMirror(candidates: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  return candidates.filter((candidate) => !isTerraformOwnCopy(candidate, env)).sort()[0];
}

/** Looks for a provider mirror on this machine: a folder holding a `registry.terraform.io/hashicorp/aws` tree. */
export function discoverProviderMirror(): string | undefined {
  if (!discovered) {
    let found: string;
    try {
      const prune = ['-path', '/proc', '-o', '-path', '/sys', '-o', '-path', '/dev', '-o', '-name', 'node_modules', '-o', '-name', '.git', '-o', '-name', '.terraform', '-o', '-name', '.terraform.d'];
      found = execFileSync('find', ['/', '-maxdepth', '6', '(', ...prune, ')', '-prune', '-o', '-type', 'd', '-path', `*/${AWS_PROVIDER_PATH}`, '-print'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 20_000,
      });
    } catch (error) {
      found = (error as { stdout?: string }).stdout ?? '';
    }
    const candidates = found.split('\n').filter((line) => line.endsWith(AWS_PROVIDER_PATH)).map((line) => line.slice(0, -AWS_PROVIDER_PATH.length - 1));
    discovered = { mirror: chooseMirror(candidates) };
    if (discovered.mirror) console.error(`Using the Terraform provider mirror at ${discovered.mirror} (set ${MIRROR_VARIABLE} to choose one, or to none).`);
  }
  return discovered.mirror;
}

/** The mirror to install providers from: the configured one, a discovered one, or none. */
export function providerMirror(base: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = base[MIRROR_VARIABLE];
  if (configured === 'none') return undefined;
  return configured || discoverProviderMirror();
}

/**
 * The environment Terraform runs with: no version checks, no prompts, the mirror when there is one. With
 * a mirror, no plugin cache either: Terraform uses a provider package it finds in a cache instead of
 * the mirror's, so the providers installed would not all come from the mirror named.
 */
export function terraformEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const mirror = providerMirror(base);
  if (mirror) {
    if (!existsSync(join(mirror, AWS_PROVIDER_PATH))) {
      throw new TerraformError(`${MIRROR_VARIABLE}=${mirror} holds no ${AWS_PROVIDER_PATH} folder; point it at the folder that contains registry.terraform.io/`, '', '');
    }
    env.TF_CLI_CONFIG_FILE = writeCliConfig(mirror);
    delete env.TF_PLUGIN_CACHE_DIR;
    env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = 'true'; // the cdktf CLI would otherwise set ~/.terraform.d/plugin-cache
  }
  return env;
}

/**
 * The CLI configuration file for `mirror`: one file per mirror, replaced atomically, because Terraform
 * runs of parallel tests read it while other processes prepare theirs.
 */
function writeCliConfig(mirror: string): string {
  mkdirSync(CLI_CONFIG_DIR, { recursive: true });
  const file = join(CLI_CONFIG_DIR, `mirror-${createHash('sha256').update(mirror).digest('hex').slice(0, 12)}.tfrc`);
  const config = mirrorCliConfig(mirror);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== config) {
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, config);
    renameSync(partial, file);
  }
  return file;
}

export interface TerraformRun {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill Terraform after this long. Default 10 minutes. */
  readonly timeoutMs?: number;
}

export function runTerraform(args: readonly string[], run: TerraformRun): Promise<{ stdout: string; stderr: string }> {
  const env = run.env ?? terraformEnvironment();
  return new Promise((resolve, reject) => {
    execFile('terraform', ['-chdir=' + run.cwd, ...args], { env, timeout: run.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const message = missing
        ? 'Terraform is not installed or not on PATH. Install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install) and try again.'
        : `terraform ${args[0]} failed in ${run.cwd}:\n${stderr.trim() || stdout.trim()}`;
      reject(new TerraformError(message, stdout, stderr));
    });
  });
}

/** Terraform's version, or undefined when it is not installed. */
export async function terraformVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await runTerraform(['version', '-json'], { cwd: '.', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** `terraform init`, quietly, with the lock file kept alongside the stack. */
export async function terraformInit(cwd: string, env?: NodeJS.ProcessEnv): Promise<void> {
  await runTerraform(['init', '-input=false', '-no-color'], { cwd, env });
}

/**
 * Lets `terraform plan` of the AWS stack run with no network and no credentials: an override file
 * (Terraform merges `*_override.tf.json` into the configuration) gives the provider dummy credentials and
 * its skip flags. The synthesized stack itself stays as it would deploy.
 */
export function writeOfflineProviderOverride(stackDir: string): void {
  const provider = {
    access_key: 'offline',
    secret_key: 'offline',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
    skip_region_validation: true,
  };
  writeFileSync(join(stackDir, 'offline_override.tf.json'), JSON.stringify({ provider: { aws: [provider] } }, null, 2));
}

/**
 * An empty Terraform state for a stack that was never applied, so that a stack reading its outputs
 * through terraform_remote_state can be planned offline (with the reader's `defaults` standing in for
 * the outputs). Never for a stack that has real state.
 */
export function writeEmptyState(stackDir: string): void {
  const file = join(stackDir, 'terraform.tfstate');
  if (existsSync(file)) return;
  writeFileSync(file, JSON.stringify({ version: 4, terraform_version: '1.5.0', serial: 1, lineage: 'gatehouse-offline-plan', outputs: {}, resources: [] }));
}
