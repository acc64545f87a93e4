/**
 * The AWS stack's Terraform state: S3 when a bucket is named; otherwise a real synth (which `cdktf diff`
 * and `cdktf deploy` run first) refuses the stack unless local state is asked for explicitly. The local
 * stack and `gatehouse validate` (which reads annotations without synthesizing) are unaffected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { collectProblems } from '../../stacks/app/annotations';
import { buildGatehouseApp, type GatehouseAppOptions } from '../../stacks/app/gatehouse-app';
import { configureStateBackend } from '../../stacks/app/state-backend';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Builds the example app and synthesizes it for real, as `cdktf synth` does. */
function synthesize(options: GatehouseAppOptions) {
  const outdir = mkdtempSync(join(tmpdir(), 'gatehouse-state-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const built = buildGatehouseApp(app, { mutualTls: undefined, ...options });
  try {
    app.synth();
    return { built, app, failure: undefined };
  } catch (caught) {
    return { built, app, failure: (caught as Error).message };
  }
}

/** The backend block of a stack configured with these settings and environment. */
function backendOf(settings: { stateBucket?: string; localState?: 'allow' }, env: NodeJS.ProcessEnv) {
  const app = Testing.app();
  outdirs.push(app.outdir);
  const stack = new TerraformStack(app, 'stack');
  configureStateBackend(stack, { ...settings, region: 'eu-west-1', key: 'stack/terraform.tfstate' }, env);
  const errors = stack.node.findAll().flatMap((construct) => construct.node.validate());
  return { backend: (JSON.parse(Testing.synth(stack)) as { terraform?: { backend?: unknown } }).terraform?.backend, errors, warnings: collectProblems(stack).map((problem) => `${problem.code}: ${problem.message}`) };
}

describe('the AWS stack state backend', () => {
  it('is S3, encrypted and locked, when GATEHOUSE_STATE_BUCKET names a bucket', () => {
    expect(backendOf({}, { GATEHOUSE_STATE_BUCKET: 'acme-state' })).toEqual({
      backend: { s3: { bucket: 'acme-state', key: 'stack/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
      errors: [],
      warnings: [],
    });
  });

  it('prefers a bucket to local state when both are given', () => {
    expect(backendOf({ stateBucket: 'acme-state', localState: 'allow' }, {}).backend).toMatchObject({ s3: { bucket: 'acme-state' } });
  });

  it('refuses a synth without a bucket, saying how to name one or allow local state', () => {
    const { failure, built } = synthesize({ stateBucket: undefined });
    expect(failure).toMatch(/\[gatehouse-staging\] no Terraform state backend: set GATEHOUSE_STATE_BUCKET .* or GATEHOUSE_LOCAL_STATE=allow/);
    // `gatehouse validate` lists annotations without synthesizing: nothing there about state.
    expect(collectProblems(built.environments[0]!.platformStack).filter((problem) => problem.level === 'error')).toEqual([]);
  });

  it('refuses a value of GATEHOUSE_LOCAL_STATE other than "allow"', () => {
    expect(backendOf({}, { GATEHOUSE_LOCAL_STATE: 'yes' }).errors).toEqual([expect.stringContaining('GATEHOUSE_LOCAL_STATE=yes is not "allow"')]);
  });

  it('keeps state in a local file, with a warning, when local state is allowed', () => {
    const viaEnvironment = backendOf({}, { GATEHOUSE_LOCAL_STATE: 'allow' });
    expect(viaEnvironment.errors).toEqual([]);
    expect(viaEnvironment.backend).toBeUndefined(); // Terraform's default: local
    expect(viaEnvironment.warnings).toEqual([expect.stringContaining('state/local-file')]);
    const { failure, app } = synthesize({ stateBucket: undefined, localState: 'allow' });
    expect(failure).toBeUndefined();
    expect(collectProblems(app).map((problem) => problem.path)).toContain('gatehouse-staging');
  });

  it('leaves the local stack as it was: state beside it, no bucket needed', () => {
    const { built } = synthesize({ stateBucket: undefined, localState: 'allow' });
    expect((JSON.parse(Testing.synth(built.localStack)) as { terraform: { backend: unknown } }).terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });

  it('gives every stack of every environment its own state key, and group stacks read the platform state', () => {
    const { built, failure } = synthesize({ stateBucket: 'acme-state' });
    expect(failure).toBeUndefined();
    const keys = new Map<string, string>();
    for (const environment of built.environments) {
      const stacks = [environment.platformStack, ...[...environment.groups.values()].map(({ stack }) => stack)];
      const platformKey = (JSON.parse(Testing.synth(environment.platformStack)) as { terraform: { backend: { s3: { key: string } } } }).terraform.backend.s3.key;
      for (const stack of stacks) {
        const synthesized = JSON.parse(Testing.synth(stack)) as { terraform: { backend: { s3: { key: string; bucket: string } } }; data?: { terraform_remote_state?: Record<string, { backend: string; config: { key: string; bucket: string } }> } };
        keys.set(stack.node.id, synthesized.terraform.backend.s3.key);
        if (stack === environment.platformStack) continue;
        expect(Object.values(synthesized.data?.terraform_remote_state ?? {})).toEqual([expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket: 'acme-state', key: platformKey }) })]);
      }
    }
    expect(new Set(keys.values()).size).toBe(keys.size);
    expect(keys.size).toBeGreaterThanOrEqual(4); // two environments, each a platform and at least one group
  });
});
