/**
 * Scale of the infrastructure as code: synth time and offline `terraform plan` time of the AWS stack for
 * N generated clients (each an RSA client with one API key), at two sizes, to check growth is linear.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateKeyPairSync } from 'node:crypto';
import { App } from 'cdktf';
import { declaredKeyHash, mintApiKeyToken } from '../record/api-key-token';
import type { ClientFile } from '../stacks/app/clients-folder';
import { buildPlatformStack, PLATFORM_STACK } from '../stacks/app/gatehouse-app';
import { ApiClient, ApiKey, ClientAuth } from '../stacks/gatehouse';
import { runTerraform, terraformEnvironment, terraformInit, writeOfflineProviderOverride } from '../local/terraform';

export interface IacPoint {
  readonly clients: number;
  readonly resources: number;
  readonly synthSeconds: number;
  readonly planSeconds: number;
}

function generatedClients(count: number): ClientFile {
  const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
  const hashes = Array.from({ length: count }, () => declaredKeyHash(mintApiKeyToken()));
  return {
    name: 'generated',
    declare: (scope, { policies, collections }) => {
      for (let i = 0; i < count; i++) {
        const client = new ApiClient(scope, `client-${i}`, {
          description: `Generated client ${i}`,
          owner: 'team-bench',
          auth: ClientAuth.rsa({ publicKeys: [publicKey] }),
          policy: policies.standard,
          collections: [collections.orders],
        });
        new ApiKey(scope, `client-${i}-key`, { client, tokenHash: hashes[i] as string, allowedIps: ['203.0.113.0/24'] });
      }
    },
  };
}

export async function measureIac(clients: number): Promise<IacPoint> {
  const outdir = mkdtempSync(join(tmpdir(), `gatehouse-iac-${clients}-`));
  try {
    const files = [generatedClients(clients)];
    const synthStarted = performance.now();
    const app = new App({ outdir });
    buildPlatformStack(app, files, { mutualTls: undefined, stateBucket: undefined, localState: 'allow' });
    app.synth();
    const synthSeconds = (performance.now() - synthStarted) / 1000;

    const dir = join(outdir, 'stacks', PLATFORM_STACK);
    writeOfflineProviderOverride(dir);
    const env = terraformEnvironment();
    await terraformInit(dir, env);
    const planStarted = performance.now();
    await runTerraform(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=plan.bin'], { cwd: dir, env, timeoutMs: 1_800_000 });
    const planSeconds = (performance.now() - planStarted) / 1000;
    const show = JSON.parse((await runTerraform(['show', '-json', 'plan.bin'], { cwd: dir, env })).stdout) as { resource_changes: unknown[] };
    return { clients, resources: show.resource_changes.length, synthSeconds, planSeconds };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function formatIac(points: readonly IacPoint[]): string {
  const [small, large] = points as [IacPoint, IacPoint];
  const growth = (a: number, b: number) => (b / a).toFixed(1);
  return [
    'Infrastructure as code at scale (AWS stack, offline plan)',
    ...points.map((point) => `  ${String(point.clients).padStart(5)} clients  ${String(point.resources).padStart(5)} resources   synth ${point.synthSeconds.toFixed(1)} s   plan ${point.planSeconds.toFixed(1)} s`),
    `  growth for ${large.clients / small.clients}× the clients: synth ×${growth(small.synthSeconds, large.synthSeconds)}, plan ×${growth(small.planSeconds, large.planSeconds)} (linear would be ×${large.clients / small.clients})`,
  ].join('\n');
}
