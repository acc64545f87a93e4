/**
 * Which provider mirror Terraform installs from: the one named, or one stable choice on this machine,
 * never a plugin cache or working copy that an earlier run created; and how the cdktf CLI is run with a
 * mirror (no `terraform providers lock`, which would ask the registry).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseMirror, isTerraformOwnCopy, MIRROR_VARIABLE, TerraformError, terraformEnvironment } from '../../local/terraform';
import { cdktfArguments } from '../../scripts/cdktf';

const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-mirror-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('choosing a provider mirror found on the machine', () => {
  it("never chooses Terraform's plugin cache or a working directory's providers", () => {
    expect(isTerraformOwnCopy('/root/.terraform.d/plugin-cache', {})).toBe(true);
    expect(isTerraformOwnCopy('/work/app/cdktf.out/stacks/gatehouse/.terraform/providers', {})).toBe(true);
    expect(isTerraformOwnCopy('/var/cache/tf', { TF_PLUGIN_CACHE_DIR: '/var/cache/tf' })).toBe(true);
    expect(isTerraformOwnCopy('/var/cache/tf-mirror', { TF_PLUGIN_CACHE_DIR: '/var/cache/tf' })).toBe(false);
    expect(isTerraformOwnCopy('/opt/tf-plugins', {})).toBe(false);
  });

  it('chooses the same mirror whatever order they were found in, and whatever caches runs added', () => {
    const mirrors = ['/srv/mirrors/terraform', '/opt/tf-plugins'];
    const afterRuns = ['/root/.terraform.d/plugin-cache', '/tmp/x/.terraform/providers', ...mirrors];
    expect(chooseMirror(mirrors, {})).toBe('/opt/tf-plugins');
    expect(chooseMirror([...mirrors].reverse(), {})).toBe('/opt/tf-plugins');
    expect(chooseMirror(afterRuns, {})).toBe('/opt/tf-plugins');
    expect(chooseMirror(['/root/.terraform.d/plugin-cache'], {})).toBeUndefined();
  });
});

describe('the Terraform environment with a named mirror', () => {
  it('installs hashicorp providers from that mirror only, with no plugin cache', () => {
    const mirror = join(scratch, 'mirror');
    mkdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    const env = terraformEnvironment({ [MIRROR_VARIABLE]: mirror, TF_PLUGIN_CACHE_DIR: '/somewhere/cache' });
    expect(env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(env.CDKTF_DISABLE_PLUGIN_CACHE_ENV).toBe('true');
    const config = readFileSync(env.TF_CLI_CONFIG_FILE as string, 'utf8');
    expect(config).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(config).toMatch(/direct \{\s*exclude = \["registry\.terraform\.io\/hashicorp\/\*"\]/);
  });

  it('refuses a mirror without the AWS provider, naming the folder it looked for', () => {
    const empty = join(scratch, 'empty');
    mkdirSync(join(empty, 'registry.terraform.io'), { recursive: true });
    expect(() => terraformEnvironment({ [MIRROR_VARIABLE]: empty })).toThrow(TerraformError);
    expect(() => terraformEnvironment({ [MIRROR_VARIABLE]: empty })).toThrow(/holds no registry\.terraform\.io\/hashicorp\/aws folder/);
  });

  it('leaves Terraform its own configuration with none', () => {
    expect(terraformEnvironment({ [MIRROR_VARIABLE]: 'none', TF_CLI_CONFIG_FILE: '/home/me/.terraformrc' }).TF_CLI_CONFIG_FILE).toBe('/home/me/.terraformrc');
  });
});

describe('the cdktf command line', () => {
  it('skips the provider lock that would ask the registry, for every command that initializes a stack', () => {
    for (const command of ['diff', 'plan', 'deploy', 'apply', 'destroy', 'output', 'watch']) {
      expect(cdktfArguments([command, 'gatehouse'], '/opt/mirror')).toEqual([command, 'gatehouse', '--skip-provider-lock']);
    }
    expect(cdktfArguments(['deploy', 'gatehouse', '--skip-provider-lock'], '/opt/mirror')).toEqual(['deploy', 'gatehouse', '--skip-provider-lock']);
  });

  it('changes nothing without a mirror, or for commands that do not initialize', () => {
    expect(cdktfArguments(['diff', 'gatehouse'], undefined)).toEqual(['diff', 'gatehouse']);
    expect(cdktfArguments(['synth'], '/opt/mirror')).toEqual(['synth']);
    expect(cdktfArguments(['--help'], '/opt/mirror')).toEqual(['--help']);
  });
});
