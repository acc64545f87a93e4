/**
 * The cdktf app (cdktf.json): the stacks, built from stacks/clients/. cdktf.json builds the authorizer
 * bundle first (`npm run build`), which the platform stack packages. `npx cdktf synth` runs both; so do
 * `npm run synth` and `npm run cdktf -- <command>`.
 */
import { App } from 'cdktf';
import { prepareDemoMaterial } from './app/demo-material';
import { buildGatehouseApp } from './app/gatehouse-app';

async function main(): Promise<void> {
  await prepareDemoMaterial();
  const app = new App();
  buildGatehouseApp(app);
  app.synth();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
