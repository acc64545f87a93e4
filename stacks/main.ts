/**
 * The cdktf app (cdktf.json): builds the authorizer bundle (and, for the example clients, their demo
 * material), then the stacks from stacks/clients/.
 * `npx cdktf synth` runs this; so do `npm run synth` and the tests.
 */
import { App } from 'cdktf';
import { buildAuthorizer } from '../scripts/build-authorizer';
import { prepareDemoMaterial } from './app/demo-material';
import { buildGatehouseApp } from './app/gatehouse-app';

async function main(): Promise<void> {
  await Promise.all([buildAuthorizer(), prepareDemoMaterial()]);
  const app = new App();
  buildGatehouseApp(app);
  app.synth();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
