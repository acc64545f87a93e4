/**
 * The example app as `cdktf synth` builds it: every environment's stacks, every client file, state where
 * CI needs it. The clients folder is the teams' to change, so nothing here depends on which clients it
 * holds or what they warn about (test/stacks/adding-a-client.test.ts adds some the documented way).
 */
import { readdirSync } from 'node:fs';
import { Testing } from 'cdktf';
import { collectProblems } from '../../stacks/app/annotations';
import { CLIENTS_DIR, loadClientFiles } from '../../stacks/app/clients-folder';
import { demoMaterial } from '../../stacks/app/demo-material';
import { buildGatehouseApp, LOCAL_STACK, platformStackName } from '../../stacks/app/gatehouse-app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { testApp } from '../support/stacks';

describe('the example app', () => {
  it('loads one declaration per file of the clients folder', () => {
    const files = readdirSync(CLIENTS_DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'));
    expect(loadClientFiles().filter((file) => file.group === 'clients').map((file) => `${file.name}.ts`)).toEqual(files.sort());
  });

  it('builds a platform stack per declared environment, and the local stack from the first', () => {
    const app = buildGatehouseApp(testApp(), { localState: 'allow' });
    expect(app.environments.map((environment) => environment.platformStack.node.id)).toEqual(ENVIRONMENTS.map((environment) => platformStackName(environment.name)));
    expect(app.localStack.node.id).toBe(LOCAL_STACK);
    expect(app.localEnvironment).toBe(ENVIRONMENTS[0]?.name);
    // The local run serves exactly the keys of the environment it copies.
    const keysOf = (catalog: (typeof app.environments)[number]['platform']['catalog']) => catalog.keys.map((key) => `${key.client.name}/${key.name}`).sort();
    expect(keysOf(app.localData.catalog)).toEqual(keysOf(app.environments[0]!.platform.catalog));
  });

  it('has no errors (warnings are the teams\' to weigh)', () => {
    const cdktfApp = testApp();
    buildGatehouseApp(cdktfApp, { mutualTls: undefined, localState: 'allow' });
    expect(collectProblems(cdktfApp).filter((problem) => problem.level === 'error')).toEqual([]);
  });

  it('serves the bound example client on a mutual-TLS domain trusting the demo CA, without warnings about it', () => {
    const cdktfApp = testApp();
    const app = buildGatehouseApp(cdktfApp, {
      localState: 'allow',
      mutualTls: { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem },
    });
    expect(app.environments.every((environment) => environment.platform.mutualTlsDomain !== undefined)).toBe(true);
    expect(collectProblems(cdktfApp).filter((problem) => problem.code.includes('mtls'))).toEqual([]);
  });

  it('keeps each stack\'s state in S3 under its environment, encrypted and locked, when a bucket is named', () => {
    const app = buildGatehouseApp(testApp(), { stateBucket: 'acme-terraform-state' });
    for (const environment of app.environments) {
      const stacks = [environment.platformStack, ...[...environment.groups.values()].map((group) => group.stack)];
      for (const stack of stacks) {
        expect(JSON.parse(Testing.synth(stack)).terraform.backend).toEqual({
          s3: { bucket: 'acme-terraform-state', key: `gatehouse/${environment.settings.name}/${stack.node.id}.tfstate`, region: environment.settings.region, encrypt: true, use_lockfile: true },
        });
      }
    }
  });

  it('keeps the local stack\'s state beside the synthesized stack', () => {
    const app = buildGatehouseApp(testApp(), { localState: 'allow' });
    expect(JSON.parse(Testing.synth(app.localStack)).terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });
});
