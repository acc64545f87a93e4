/**
 * The stacks of one environment in a synthesized app (cdktf.out/manifest.json), platform first: what CI
 * diffs stack by stack (`cdktf diff` takes exactly one stack name, no pattern) and deploys (`cdktf
 * deploy` takes several, in dependency order). An environment's stacks are its platform,
 * `gatehouse-<environment>`, and the stacks that depend on it (its client groups, which read its
 * outputs): found by dependency rather than by a name pattern, which `gatehouse-staging*` would also
 * match for an environment named `staging-eu`.
 *
 *   npm run synth && npx tsx scripts/environment-stacks.ts staging
 *   gatehouse-staging gatehouse-staging-clients
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformStackName } from '../stacks/app/gatehouse-app';

interface Manifest {
  readonly stacks: Record<string, { readonly name: string; readonly dependencies?: readonly string[] }>;
}

export function environmentStacks(manifest: Manifest, environment: string): string[] {
  const platform = platformStackName(environment);
  const stacks = Object.values(manifest.stacks);
  if (!stacks.some((stack) => stack.name === platform)) {
    throw new Error(`no stack ${platform} in the synthesized app: is "${environment}" in stacks/environments.ts? (it has ${stacks.map((stack) => stack.name).join(', ')})`);
  }
  const dependants = stacks.filter((stack) => stack.dependencies?.includes(platform)).map((stack) => stack.name).sort();
  return [platform, ...dependants];
}

if (require.main === module) {
  const [environment, outdir = 'cdktf.out'] = process.argv.slice(2);
  try {
    if (!environment) throw new Error('usage: environment-stacks.ts <environment> [cdktf.out]');
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
    process.stdout.write(`${environmentStacks(manifest, environment).join(' ')}\n`);
  } catch (error) {
    process.stderr.write(`environment-stacks: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
