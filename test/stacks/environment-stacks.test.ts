/**
 * scripts/environment-stacks.ts: the stacks CI diffs and deploys for one environment, read from a really
 * synthesized app's manifest: the platform first, then its client groups, and never another
 * environment's stacks, even one whose name starts like it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { environmentStacks } from '../../scripts/environment-stacks';
import type { EnvironmentSettings } from '../../stacks/model/environment';
import { synthEnvironments, TWO_ENVIRONMENTS } from '../support/stacks';

const ROOT = join(__dirname, '..', '..');
const group = (name: string, groupName?: string): ClientFile => ({ name, group: groupName, declare: () => undefined });

it('lists an environment\'s platform, then the client groups that depend on it; nothing of another environment', () => {
  // `staging-eu` makes `gatehouse-staging-eu`, which a `gatehouse-staging*` pattern would take for staging's.
  const environments: EnvironmentSettings[] = [...TWO_ENVIRONMENTS, { name: 'staging-eu', region: 'eu-central-1', api: { kind: 'demo' } }];
  const { failure, built } = synthEnvironments([group('a'), group('b', 'payments')], environments, { authorizerBundleDir: AUTHORIZER_BUNDLE_DIR });
  expect(failure).toBeUndefined();
  const outdir = App.of(built.environments[0]!.platformStack).outdir;
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  expect(environmentStacks(manifest, 'staging')).toEqual(['gatehouse-staging', 'gatehouse-staging-clients', 'gatehouse-staging-payments']);
  expect(environmentStacks(manifest, 'staging-eu')).toEqual(['gatehouse-staging-eu', 'gatehouse-staging-eu-clients', 'gatehouse-staging-eu-payments']);
  expect(environmentStacks(manifest, 'production')).toEqual(['gatehouse-production', 'gatehouse-production-clients', 'gatehouse-production-payments']);
  expect(() => environmentStacks(manifest, 'qa')).toThrow('no stack gatehouse-qa in the synthesized app: is "qa" in stacks/environments.ts?');

  // As CI runs it: one line of names for the shell, and exit 1 with the reason for an unknown one.
  const tsx = require.resolve('tsx/cli');
  expect(execFileSync(process.execPath, [tsx, join(ROOT, 'scripts', 'environment-stacks.ts'), 'production', outdir], { encoding: 'utf8' })).toBe('gatehouse-production gatehouse-production-clients gatehouse-production-payments\n');
  expect(() => execFileSync(process.execPath, [tsx, join(ROOT, 'scripts', 'environment-stacks.ts'), 'qa', outdir], { stdio: 'pipe' })).toThrow(/environment-stacks: no stack gatehouse-qa/);
}, 60_000);
