/**
 * The example app as `cdktf synth` builds it: both stacks, every client file, state where CI needs it.
 * The clients folder is the teams' to change, so nothing here depends on which clients it holds or what
 * they warn about (test/stacks/adding-a-client.test.ts adds some the documented way).
 */
import { readdirSync } from 'node:fs';
import { Testing } from 'cdktf';
import { collectProblems } from '../../stacks/app/annotations';
import { CLIENTS_DIR, loadClientFiles } from '../../stacks/app/clients-folder';
import { demoMaterial } from '../../stacks/app/demo-material';
import { buildGatehouseApp, LOCAL_STACK, PLATFORM_STACK } from '../../stacks/app/gatehouse-app';

describe('the example app', () => {
  it('loads one declaration per file of the clients folder', () => {
    const files = readdirSync(CLIENTS_DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'));
    expect(loadClientFiles().map((file) => `${file.name}.ts`)).toEqual(files.sort());
  });

  it('declares the same clients and keys in the AWS and the local stack', () => {
    const app = buildGatehouseApp(Testing.app());
    const names = (catalog: typeof app.platform.catalog) => catalog.keys.map((key) => `${key.client.name}/${key.name}`).sort();
    expect(names(app.localData.catalog)).toEqual(names(app.platform.catalog));
    expect(app.platform.catalog.keys.length).toBeGreaterThan(0);
    expect(app.platformStack.node.id).toBe(PLATFORM_STACK);
    expect(app.localStack.node.id).toBe(LOCAL_STACK);
  });

  it('has no errors (warnings are the teams\' to weigh)', () => {
    const cdktfApp = Testing.app();
    buildGatehouseApp(cdktfApp, { mutualTls: undefined });
    expect(collectProblems(cdktfApp).filter((problem) => problem.level === 'error')).toEqual([]);
  });

  it('serves the bound example client on a mutual-TLS domain trusting the demo CA, without warnings about it', () => {
    const cdktfApp = Testing.app();
    const app = buildGatehouseApp(cdktfApp, {
      mutualTls: { domainName: 'api.gatehouse-demo.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem },
    });
    expect(app.platform.mutualTlsDomain).toBeDefined();
    expect(collectProblems(cdktfApp).filter((problem) => problem.code.includes('mtls'))).toEqual([]);
  });

  it('keeps the AWS stack\'s state in S3, encrypted and locked, when a bucket is named', () => {
    const app = buildGatehouseApp(Testing.app(), { stateBucket: 'acme-terraform-state', region: 'eu-west-1' });
    const terraform = JSON.parse(Testing.synth(app.platformStack)).terraform;
    expect(terraform.backend).toEqual({ s3: { bucket: 'acme-terraform-state', key: 'gatehouse/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } });
  });

  it('keeps the local stack\'s state beside the synthesized stack', () => {
    const app = buildGatehouseApp(Testing.app());
    expect(JSON.parse(Testing.synth(app.localStack)).terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });
});
