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
 * - the local run: synth of the local stack alone and `terraform apply` of it to a fresh dynalite, up to
 *   LOCAL_APPLY_LIMIT clients: Terraform's apply slows with every resource already in its state (here, each
 *   item from the 300th to the 1,000th cost about three times what one from the 100th to the 300th did,
 *   whether the items sat in one for_each or ten), so 10,000 items would take hours; the
 *   report says so instead of waiting.
 *
 * `tsx bench/iac-scale.ts --synth <clients> <outdir> [local]` is the child process a synth runs in.
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
import { runTerraform, terraformEnvironment, terraformInit, writeEmptyState, writeOfflineProviderOverride } from '../local/terraform';

/** Clients per team stack. */
export const TEAM_SIZE = 100;
/** The most clients whose local stack the bench applies (see above). */
export const LOCAL_APPLY_LIMIT = 1000;
const ENVIRONMENT: EnvironmentSettings = { name: 'bench', region: 'eu-west-1', api: { kind: 'demo' } };
const teamName = (index: number) => `team-${String(index).padStart(3, '0')}`;

export interface SynthPoint {
  readonly seconds: number;
  readonly maxRssMiB: number;
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
  /** The local stack's synth and, up to LOCAL_APPLY_LIMIT clients, its apply. */
  readonly local: { readonly synth: SynthPoint; readonly applySeconds: number | undefined };
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
  if (localOnly) {
    buildLocalStack(app, clientFiles, options); // what local/local-stack.ts synthesizes
    app.synth();
  } else {
    // What `cdktf synth` does (stacks/main.ts): the environment's stacks, with plain stack traces.
    withPlainStackTraces(() => {
      buildEnvironmentStacks(app, clientFiles, options);
      app.synth();
    });
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** Synth in a fresh process (as `cdktf synth` runs it), so its peak memory is its own. */
function synthInChild(clients: number, outdir: string, localOnly: boolean): Promise<SynthPoint> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--synth', String(clients), outdir, ...(localOnly ? ['local'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as SynthPoint) : reject(new Error(`synth of ${clients} clients exited ${code}: ${stderr}`))));
  });
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
  const localOutdir = mkdtempSync(join(tmpdir(), `gatehouse-iac-local-${clients}-`));
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

    const localSynth = await synthInChild(clients, localOutdir, true);
    const measured = { clients, stacks: stacks.length, resources, synth, oneTeamPlanSeconds, environmentPlanSeconds };
    if (clients > LOCAL_APPLY_LIMIT) return { ...measured, local: { synth: localSynth, applySeconds: undefined } };
    const dynamo = await startLocalDynamo();
    try {
      const dir = join(localOutdir, 'stacks', LOCAL_STACK);
      await terraformInit(dir, env);
      const started = performance.now();
      await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', `-var=dynamodb_endpoint=${dynamo.endpoint}`], { cwd: dir, env, timeoutMs: 1_800_000 });
      const applySeconds = (performance.now() - started) / 1000;
      return { ...measured, local: { synth: localSynth, applySeconds } };
    } finally {
      await dynamo.close();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(localOutdir, { recursive: true, force: true });
  }
}

/** How much worse than linear growth is from `from` to `to` (1 = linear, 1.2 = 20% worse). */
export function growthOverLinear(from: IacPoint, to: IacPoint, measure: (point: IacPoint) => number): number {
  return measure(to) / measure(from) / (to.clients / from.clients);
}

export function formatIac(points: readonly IacPoint[]): string {
  const seconds = (value: number) => `${value.toFixed(1).padStart(6)} s`;
  return [
    `Infrastructure as code at scale (one environment; teams of ${TEAM_SIZE} clients, a stack each; offline plans, no refresh)`,
    '  clients  stacks  resources     synth  synth RSS   plan: one team  whole env (2 at a time)   local: synth    RSS    apply',
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
        point.local.applySeconds === undefined ? ' not run' : seconds(point.local.applySeconds),
      ].join(' '),
    ),
    ...points.slice(1).map((point, index) => {
      const from = points[index] as IacPoint;
      const growth = (measure: (point: IacPoint) => number) => growthOverLinear(from, point, measure).toFixed(2);
      return `  ${from.clients} → ${point.clients} clients, growth as a multiple of linear: synth ${growth((p) => p.synth.seconds)}, whole-environment plan ${growth((p) => p.environmentPlanSeconds)}, local synth ${growth((p) => p.local.synth.seconds)}`;
    }),
  ].join('\n');
}

if (process.argv[2] === '--synth') synthHere(Number(process.argv[3]), process.argv[4] as string, process.argv[5] === 'local');
