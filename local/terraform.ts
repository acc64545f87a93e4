/**
 * Runs Terraform for the local run, the tests and the benchmarks, with the same settings `npm run cdktf`
 * uses.
 *
 * Air-gapped machines install providers from a filesystem mirror: a folder holding a
 * `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/` tree. Name it in
 * GATEHOUSE_TF_PROVIDER_MIRROR; a Terraform CLI configuration that installs from it is written to
 * .gatehouse/terraform/cli.tfrc and used. When the variable is unset, a mirror on this machine is looked
 * for (a bounded search of the filesystem) and used if found; `GATEHOUSE_TF_PROVIDER_MIRROR=none` turns
 * that off, leaving Terraform's own configuration (the public registry).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

let discovered: { mirror: string | undefined } | undefined;

/** Looks for a provider mirror on this machine: a `registry.terraform.io/hashicorp/aws` tree. */
export function discoverProviderMirror(): string | undefined {
  if (!discovered) {
    let found: string;
    try {
      const prune = ['-path', '/proc', '-o', '-path', '/sys', '-o', '-path', '/dev', '-o', '-name', 'node_modules', '-o', '-name', '.git'];
      found = execFileSync('find', ['/', '-maxdepth', '6', '(', ...prune, ')', '-prune', '-o', '-type', 'd', '-path', '*/registry.terraform.io/hashicorp/aws', '-print', '-quit'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 20_000,
      }).trim();
    } catch (error) {
      found = ((error as { stdout?: string }).stdout ?? '').trim().split('\n')[0] ?? '';
    }
    discovered = { mirror: found ? found.slice(0, -'/registry.terraform.io/hashicorp/aws'.length) : undefined };
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

/** The environment Terraform runs with: no version checks, no prompts, the mirror when there is one. */
export function terraformEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const mirror = providerMirror(base);
  if (mirror) {
    if (!existsSync(join(mirror, 'registry.terraform.io'))) {
      throw new TerraformError(`${MIRROR_VARIABLE}=${mirror} holds no registry.terraform.io folder; point it at the folder that contains registry.terraform.io/`, '', '');
    }
    mkdirSync(CLI_CONFIG_DIR, { recursive: true });
    const file = join(CLI_CONFIG_DIR, 'cli.tfrc');
    writeFileSync(file, mirrorCliConfig(mirror));
    env.TF_CLI_CONFIG_FILE = file;
  }
  return env;
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
