/**
 * The cdktf app (cdktf.json): every environment's stacks, built from stacks/clients/. cdktf.json builds
 * the authorizer bundle first (`npm run build`), which the platform stacks package. `npx cdktf synth` runs
 * both; so do `npm run synth` and `npm run cdktf -- <command>`. The local run (`npm start`) synthesizes
 * its own stack, so deploys never pay for it.
 */
import { App } from 'cdktf';
import { prepareDemoMaterial } from './app/demo-material';
import { buildEnvironmentStacks } from './app/gatehouse-app';
import { loadClientFiles } from './app/clients-folder';
import { withPlainStackTraces } from './app/plain-stack-traces';

async function main(): Promise<void> {
  await prepareDemoMaterial();
  const app = new App();
  withPlainStackTraces(() => {
    buildEnvironmentStacks(app, loadClientFiles());
    app.synth();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
