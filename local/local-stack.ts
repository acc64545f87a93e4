/**
 * Synthesizes the example app and deploys its local stack (key table and items) with real Terraform to
 * a DynamoDB-compatible server on this machine: a fresh one (the end-to-end tests), or one that keeps its
 * table between runs (`npm start`), where only what changed is applied. Used by `npm start` and the tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { collectProblems, type ReportedProblem } from '../stacks/app/annotations';
import { loadClientFiles } from '../stacks/app/clients-folder';
import { buildGatehouseApp, buildLocalStack, type GatehouseApp, type GatehouseAppOptions, LOCAL_STACK } from '../stacks/app/gatehouse-app';
import { type LocalDynamo, startLocalDynamo } from './local-dynamodb';
import { runTerraform, terraformEnvironment, terraformInit } from './terraform';

export interface SynthesizedApp<T = GatehouseApp> {
  readonly app: T;
  readonly outdir: string;
  /** Warnings reported during synth (errors make synth throw). */
  readonly warnings: ReportedProblem[];
  stackDir(name: string): string;
}

/** Synthesizes both stacks, as `cdktf synth` does. */
export function synthesizeApp(outdir: string, options: GatehouseAppOptions = {}): SynthesizedApp {
  return synthesize(outdir, (cdktfApp) => buildGatehouseApp(cdktfApp, options));
}

/** Synthesizes the local stack only: what a local run deploys. */
export function synthesizeLocalStack(outdir: string, options: GatehouseAppOptions = {}): SynthesizedApp<Pick<GatehouseApp, 'localStack' | 'localData'>> {
  return synthesize(outdir, (cdktfApp) => buildLocalStack(cdktfApp, options.clientFiles ?? loadClientFiles(), options));
}

function synthesize<T>(outdir: string, build: (app: App) => T): SynthesizedApp<T> {
  mkdirSync(outdir, { recursive: true });
  const cdktfApp = new App({ outdir });
  const app = build(cdktfApp);
  cdktfApp.synth();
  return {
    app,
    outdir,
    warnings: collectProblems(cdktfApp).filter((problem) => problem.level === 'warning'),
    stackDir: (name) => join(outdir, 'stacks', name),
  };
}

/**
 * `terraform init` and `apply` of the local stack against `endpoint`. By default the server is taken to
 * be fresh, so any previous state is dropped first; `keepState` applies on top of the state of a server
 * that kept its data (a restarted local run), changing only what changed.
 */
export async function applyLocalStack(
  synthesized: SynthesizedApp<unknown>,
  endpoint: string,
  onProgress: (step: string) => void = () => undefined,
  options: { readonly keepState?: boolean } = {},
): Promise<void> {
  const dir = synthesized.stackDir(LOCAL_STACK);
  const env = terraformEnvironment();
  if (!options.keepState) {
    rmSync(join(dir, 'terraform.tfstate'), { force: true });
    rmSync(join(dir, 'terraform.tfstate.backup'), { force: true });
  }
  onProgress('terraform init');
  await terraformInit(dir, env);
  onProgress('terraform apply');
  await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', `-var=dynamodb_endpoint=${endpoint}`], { cwd: dir, env });
}

/** A table whose server keeps its data between local runs, and what was last deployed to it. */
export interface KeptTable {
  /** The server's data folder. */
  readonly dataDir: string;
  /** The folder was just created: nothing is deployed there yet. */
  readonly dataIsNew: boolean;
  /** Holds the digest of the synthesized stack after each successful apply. */
  readonly receiptFile: string;
}

export interface DeployReport {
  /** Terraform's version, for the progress line. */
  readonly terraform: string;
  step<T>(what: string, work: () => Promise<T>): Promise<T>;
  note(line: string): void;
}

/**
 * Brings a kept table up to this stack. When the last successful apply to it deployed a synthesized
 * stack with the same digest (no client changed) and its state is still there, nothing runs; otherwise
 * Terraform applies the changes (everything, to a new table). Kept data and state that disagree (an
 * interrupted apply, a hand-edited table) make Terraform fail: the table then starts afresh, once.
 * Resolves with the server holding the table: `dynamo`, or its fresh replacement.
 */
export async function deployToKeptTable(synthesized: SynthesizedApp<unknown>, dynamo: LocalDynamo, kept: KeptTable, report: DeployReport): Promise<LocalDynamo> {
  const dir = synthesized.stackDir(LOCAL_STACK);
  if (!kept.dataIsNew && existsSync(join(dir, 'terraform.tfstate')) && readReceipt(kept.receiptFile) === stackDigest(dir)) {
    report.note('  ✓ the local stack is as the last start left it: no client changed, so no Terraform run');
    return dynamo;
  }
  const what = `deploying the local stack with Terraform ${report.terraform}`;
  try {
    await report.step(kept.dataIsNew ? what : `${what} (the changes only)`, () => applyWithReceipt(synthesized, dynamo.endpoint, kept));
    return dynamo;
  } catch (error) {
    if (kept.dataIsNew) throw error;
    report.note(`    the kept table could not be updated (${(error as Error).message.split('\n')[0]}); starting it afresh`);
    await dynamo.close();
    rmSync(kept.dataDir, { recursive: true, force: true });
    const fresh = await startLocalDynamo({ path: kept.dataDir });
    try {
      await report.step(what, () => applyWithReceipt(synthesized, fresh.endpoint, { ...kept, dataIsNew: true }));
    } catch (retryError) {
      await fresh.close();
      throw retryError;
    }
    return fresh;
  }
}

async function applyWithReceipt(synthesized: SynthesizedApp<unknown>, endpoint: string, kept: KeptTable): Promise<void> {
  rmSync(kept.receiptFile, { force: true }); // an apply that does not finish leaves no receipt
  await applyLocalStack(synthesized, endpoint, undefined, { keepState: !kept.dataIsNew });
  writeFileSync(kept.receiptFile, JSON.stringify({ stackSha256: stackDigest(synthesized.stackDir(LOCAL_STACK)) }));
}

function stackDigest(stackDir: string): string {
  return createHash('sha256').update(readFileSync(join(stackDir, STACK_FILE))).digest('hex');
}

/** The synthesized stack Terraform reads. */
const STACK_FILE = 'cdk.tf.json';

function readReceipt(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { stackSha256?: string }).stackSha256;
  } catch {
    return undefined;
  }
}
