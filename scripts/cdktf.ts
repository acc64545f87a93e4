/**
 * Runs the cdktf CLI (`npm run cdktf -- diff gatehouse`, `npm run synth`) with the Terraform settings the
 * rest of the project uses: no version checks, and providers from the mirror when there is one
 * (GATEHOUSE_TF_PROVIDER_MIRROR, see local/terraform.ts).
 *
 * With a mirror, commands that initialize a stack also get `--skip-provider-lock`. When a stack has no
 * dependency lock file yet (always, in a fresh checkout), cdktf follows `terraform init` with
 * `terraform providers lock -platform=linux_amd64`, and that command asks the providers' origin registry
 * whatever the provider installation configuration says
 * (https://developer.hashicorp.com/terraform/cli/commands/providers/lock): with no registry reachable it
 * fails with "Could not retrieve providers for locking". `terraform init` alone installs from the
 * mirror and writes the lock file with the checksums of what it installed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { MIRROR_VARIABLE, providerMirror, terraformEnvironment } from '../local/terraform';

/** cdktf commands (and their aliases) that run `terraform init` on a stack. */
const INITIALIZING_COMMANDS = new Set(['diff', 'plan', 'deploy', 'apply', 'destroy', 'output', 'outputs', 'watch']);

export function cdktfArguments(args: readonly string[], mirror: string | undefined): string[] {
  const command = args.find((arg) => !arg.startsWith('-'));
  const initializes = command !== undefined && INITIALIZING_COMMANDS.has(command);
  return mirror && initializes && !args.includes('--skip-provider-lock') ? [...args, '--skip-provider-lock'] : [...args];
}

if (require.main === module) {
  const env = terraformEnvironment();
  const mirror = providerMirror();
  if (mirror && process.env[MIRROR_VARIABLE]) console.error(`Installing Terraform providers from the mirror at ${mirror} (${MIRROR_VARIABLE}).`);
  const cli = join(__dirname, '..', 'node_modules', '.bin', 'cdktf');
  const child = spawn(cli, cdktfArguments(process.argv.slice(2), mirror), { stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
