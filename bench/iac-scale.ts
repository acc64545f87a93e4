/**
 * Scale of the infrastructure as code, at 100, 1,000 and 10,000 generated clients (each an RSA client
 * with one API key, as issue 22 measured them), in teams of TEAM_SIZE: one environment's stacks, that is
 * the platform stack and one stack per team.
 *
 * - synth: what `cdktf synth` builds (the environment's stacks), in a fresh process, with its peak memory
 *   (max RSS);
 * - a one-client change: `terraform plan` (offline, no refresh) of the one team stack holding the client,
 *   which is all a pull request touching one team's file plans (from empty state, an upper bound of a plan
 *   over that stack's real state);
 * - the whole environment: `terraform plan` of every stack, two at a time (a CI matrix), for growth;
 * - the local run: synth of the local stack alone, then its deploy to a fresh dynalite as `npm start` does
 *   it (`terraform init` and `apply` of the key table, then the key items loaded in bulk), in a fresh
 *   process with its peak memory (Terraform's own, a process of its own, is not counted).
 *
 * `tsx bench/iac-scale.ts --synth <clients> <outdir> [local]` is the child process a synth runs in,
 * `--local-deploy <stack dir>` the one a local deploy runs in, and `--local <clients>` measures the local
 * run alone.
 */
import { spawn } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { declaredKeyHash, mintApiKeyToken } from '../record/api-key-token';
import type { ClientFile } from '../stacks/app/clients-folder';
import { buildEnvironmentStacks, buildLocalStack, groupStackName, LOCAL_STACK, platformStackName } from '../stacks/app/gatehouse-app';
import { withPlainStackTraces } from '../stacks/app/plain-stack-traces';
import type { EnvironmentSettings } from '../stacks/model/environment';
import { ApiClient, ApiKey, ClientAuth } from '../stacks/gatehouse';
import { startLocalDynamo } from '../local/local-dynamodb';
import { applyTable, loadItems } from '../local/local-stack';
import { runTerraform, terraformEnvironment, terraformInit, writeEmptyState, writeOfflineProviderOverride } from '../local/terraform';

/** Clients per team stack. */
export const TEAM_SIZE = 100;
const ENVIRONMENT: EnvironmentSettings = { name: 'bench', region: 'eu-west-1', api: { kind: 'demo' } };
const teamName = (index: number) => `team-${String(index).padStart(3, '0')}`;

export interface SynthPoint {
  readonly seconds: number;
  readonly maxRssMiB: number;
}

export interface LocalDeployPoint {
  /** `terraform init` and `apply` of the key table. */
  readonly terraformSeconds: number;
  /** The key items loaded into it. */
  readonly loadSeconds: number;
  readonly items: number;
  readonly maxRssMiB: number;
}

export interface LocalRunPoint {
  readonly synth: SynthPoint;
  readonly deploy: LocalDeployPoint;
}

export interface IacPoint {
  readonly clients: number;
  readonly stacks: number;
  readonly resources: number;
  readonly synth: SynthPoint;
  /** The plan of one team's stack: what a one-client change plans. */
  readonly oneTeamPlanSeconds: number;
  /** The plan of every stack of the environment, two at a time. */
  readonly environmentPlanSeconds: number;
  /** The local stack's synth and its deploy. */
  readonly local: LocalRunPoint;
}

/**
 * A distinct 2048-bit RSA public key per client, as real clients have (a shared one would be parsed once
 * and flatter synth). Made from a random odd modulus, not a key pair: generating 10,000 key pairs takes
 * minutes, and a public key's parsing does not depend on its modulus having two prime factors.
 */
function distinctPublicKey(): string {
  const modulus = randomBytes(256);
  modulus[0] = (modulus[0] as number) | 0x80;
  modulus[255] = (modulus[255] as number) | 0x01;
  return createPublicKey({ key: { kty: 'RSA', n: modulus.toString('base64url'), e: 'AQAB' }, format: 'jwk' }).export({ format: 'pem', type: 'spki' }) as string;
}

/** `count` clients in teams of TEAM_SIZE, each team a client file in its own group. */
export function generatedTeams(count: number): ClientFile[] {
  const publicKeys = Array.from({ length: count }, distinctPublicKey);
  const teams: ClientFile[] = [];
  for (let first = 0; first < count; first += TEAM_SIZE) {
    const team = teamName(first / TEAM_SIZE);
    const size = Math.min(TEAM_SIZE, count - first);
    teams.push({
      name: `${team}-clients`,
      group: team,
      declare: (scope, { policies, collections }) => {
        for (let i = first; i < first + size; i++) {
          const client = new ApiClient(scope, `client-${i}`, {
            description: `Generated client ${i}`,
            owner: team,
            auth: ClientAuth.rsa({ publicKeys: [publicKeys[i] as string] }),
            policy: policies.standard,
            collections: [collections.orders],
          });
          new ApiKey(scope, `client-${i}-key`, { client, tokenHash: declaredKeyHash(mintApiKeyToken()), allowedIps: ['203.0.113.0/24'] });
        }
      },
    });
  }
  return teams;
}

/** The synth itself, in this process: the environment's stacks, or the local stack alone. */
function synthHere(clients: number, outdir: string, localOnly: boolean): void {
  const clientFiles = generatedTeams(clients);
  const started = performance.now();
  const app = new App({ outdir });
  const options = { clientFiles, environments: [ENVIRONMENT], localState: 'allow', platformOutputDefaults: true } as const;
  // Both with plain stack traces, as `cdktf synth` (stacks/main.ts) and the local run (local/local-stack.ts) synthesize.
  withPlainStackTraces(() => {
    if (localOnly) buildLocalStack(app, clientFiles, options); // the local run's stack
    else buildEnvironmentStacks(app, clientFiles, options); // what `cdktf synth` builds: the environment's stacks
    app.synth();
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** The local deploy itself, in this process: the table with Terraform, then the items, to a fresh dynalite. */
async function localDeployHere(dir: string): Promise<void> {
  const dynamo = await startLocalDynamo();
  try {
    terraformEnvironment(); // finds the provider mirror once, before timing, as GATEHOUSE_TF_PROVIDER_MIRROR would name it
    let started = performance.now();
    await applyTable(dir, dynamo.endpoint);
    const terraformSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const loaded = await loadItems(dir, dynamo.endpoint);
    const loadSeconds = (performance.now() - started) / 1000;
    const point: LocalDeployPoint = { terraformSeconds, loadSeconds, items: loaded.written, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(point)}\n`);
  } finally {
    await dynamo.close();
  }
}

/** Runs this file in a fresh process (as `cdktf synth` and `npm start` run), so its peak memory is its own. */
function inChild<T>(what: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as T) : reject(new Error(`${what} exited ${code}: ${stderr}`))));
  });
}

const synthInChild = (clients: number, outdir: string, localOnly: boolean) => inChild<SynthPoint>(`synth of ${clients} clients`, ['--synth', String(clients), outdir, ...(localOnly ? ['local'] : [])]);

/** The local run at `clients` clients: synth of the local stack, then its deploy, each in a fresh process. */
export async function measureLocalRun(clients: number): Promise<LocalRunPoint> {
  const outdir = mkdtempSync(join(tmpdir(), `gatehouse-iac-local-${clients}-`));
  try {
    const synth = await synthInChild(clients, outdir, true);
    const deploy = await inChild<LocalDeployPoint>(`local deploy of ${clients} clients`, ['--local-deploy', join(outdir, 'stacks', LOCAL_STACK)]);
    return { synth, deploy };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function planStack(dir: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; resources: number }> {
  writeOfflineProviderOverride(dir);
  await terraformInit(dir, env);
  const started = performance.now();
  await runTerraform(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=plan.bin'], { cwd: dir, env, timeoutMs: 1_800_000 });
  const seconds = (performance.now() - started) / 1000;
  const show = JSON.parse((await runTerraform(['show', '-json', 'plan.bin'], { cwd: dir, env })).stdout) as { resource_changes: unknown[] };
  return { seconds, resources: show.resource_changes.length };
}

/** Runs `work` over `items`, `parallel` at a time. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

export async function measureIac(clients: number): Promise<IacPoint> {
  const outdir = mkdtempSync(join(tmpdir(), `gatehouse-iac-${clients}-`));
  try {
    const synth = await synthInChild(clients, outdir, false);
    const env = terraformEnvironment();
    const stacksDir = join(outdir, 'stacks');
    const platform = platformStackName(ENVIRONMENT.name);
    const stacks = readdirSync(stacksDir).filter((stack) => stack !== LOCAL_STACK);

    // The platform first (its empty state is what the team stacks read, with the placeholders).
    const environmentStarted = performance.now();
    let resources = (await planStack(join(stacksDir, platform), env)).resources;
    writeEmptyState(join(stacksDir, platform));
    const oneTeam = groupStackName(ENVIRONMENT.name, teamName(0));
    let oneTeamPlanSeconds = Number.NaN;
    await inParallel(stacks.filter((stack) => stack !== platform), 2, async (stack) => {
      const plan = await planStack(join(stacksDir, stack), env);
      resources += plan.resources;
      if (stack === oneTeam) oneTeamPlanSeconds = plan.seconds;
    });
    const environmentPlanSeconds = (performance.now() - environmentStarted) / 1000;
    return { clients, stacks: stacks.length, resources, synth, oneTeamPlanSeconds, environmentPlanSeconds, local: await measureLocalRun(clients) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The local run's start without synth: the table's Terraform and the items' load. */
export const localDeploySeconds = (point: LocalRunPoint) => point.deploy.terraformSeconds + point.deploy.loadSeconds;

/** How much worse than linear growth is from `from` to `to` (1 = linear, 1.2 = 20% worse). */
export function growthOverLinear(from: IacPoint, to: IacPoint, measure: (point: IacPoint) => number): number {
  return measure(to) / measure(from) / (to.clients / from.clients);
}

export function formatIac(points: readonly IacPoint[]): string {
  const seconds = (value: number) => `${value.toFixed(1).padStart(6)} s`;
  return [
    `Infrastructure as code at scale (one environment; teams of ${TEAM_SIZE} clients, a stack each; offline plans, no refresh)`,
    '  clients  stacks  resources     synth  synth RSS   plan: one team  whole env (2 at a time)   local: synth    RSS  table (Terraform)  items load   RSS',
    ...points.map((point) =>
      [
        String(point.clients).padStart(9),
        String(point.stacks).padStart(7),
        String(point.resources).padStart(10),
        seconds(point.synth.seconds),
        `${point.synth.maxRssMiB.toFixed(0).padStart(6)} MiB`,
        `      ${seconds(point.oneTeamPlanSeconds)}`,
        `               ${seconds(point.environmentPlanSeconds)}`,
        `       ${seconds(point.local.synth.seconds)}`,
        `${point.local.synth.maxRssMiB.toFixed(0).padStart(4)} MiB`,
        `   ${seconds(point.local.deploy.terraformSeconds)}`,
        ` ${seconds(point.local.deploy.loadSeconds)}`,
        `${point.local.deploy.maxRssMiB.toFixed(0).padStart(4)} MiB`,
      ].join(' '),
    ),
    ...points.slice(1).map((point, index) => {
      const from = points[index] as IacPoint;
      const growth = (measure: (point: IacPoint) => number) => growthOverLinear(from, point, measure).toFixed(2);
      return `  ${from.clients} → ${point.clients} clients, growth as a multiple of linear: synth ${growth((p) => p.synth.seconds)}, whole-environment plan ${growth((p) => p.environmentPlanSeconds)}, local synth ${growth((p) => p.local.synth.seconds)}`;
    }),
  ].join('\n');
}

/** The local run's figures as one line, for `--local`. */
export function formatLocalRun(clients: number, point: LocalRunPoint): string {
  const { synth, deploy } = point;
  return `local run, ${clients} clients: synth ${synth.seconds.toFixed(1)} s (${synth.maxRssMiB.toFixed(0)} MiB); table with Terraform ${deploy.terraformSeconds.toFixed(1)} s, ${deploy.items} items loaded ${deploy.loadSeconds.toFixed(1)} s (${deploy.maxRssMiB.toFixed(0)} MiB)`;
}

if (process.argv[2] === '--synth') synthHere(Number(process.argv[3]), process.argv[4] as string, process.argv[5] === 'local');
if (process.argv[2] === '--local-deploy') void localDeployHere(process.argv[3] as string).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
if (process.argv[2] === '--local') {
  const clients = Number(process.argv[3]);
  void measureLocalRun(clients).then((point) => process.stdout.write(`${formatLocalRun(clients, point)}\n`), (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
