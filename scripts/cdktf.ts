/**
 * Runs the cdktf CLI (`npm run cdktf -- diff gatehouse`, `npm run synth`) with the Terraform settings the
 * rest of the project uses: no version checks, and providers from the mirror when there is one
 * (GATEHOUSE_TF_PROVIDER_MIRROR, see local/terraform.ts).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { terraformEnvironment } from '../local/terraform';

const cli = join(__dirname, '..', 'node_modules', '.bin', 'cdktf');
const child = spawn(cli, process.argv.slice(2), { stdio: 'inherit', env: terraformEnvironment() });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
