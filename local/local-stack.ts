/**
 * Synthesizes the example app and deploys its local stack to a DynamoDB-compatible server on this
 * machine: the key table with real Terraform, the key items loaded in bulk. To a fresh server (the
 * end-to-end tests), or to one that keeps its table between runs (`npm start`), where only what changed
 * is applied and written. Used by `npm start`, the tests and the benchmark.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App } from 'cdktf';
import { collectProblems, type ReportedProblem } from '../stacks/app/annotations';
import { loadClientFiles } from '../stacks/app/clients-folder';
import { withPlainStackTraces } from '../stacks/app/plain-stack-traces';
import { buildGatehouseApp, buildLocalStack, type GatehouseApp, type GatehouseAppOptions, LOCAL_STACK } from '../stacks/app/gatehouse-app';
import { type LoadReport, loadKeyItems, readLocalKeyItems } from './key-items';
import { LOCAL_AWS_ENV, type LocalDynamo, startLocalDynamo } from './local-dynamodb';
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
  // As `cdktf synth` does (stacks/main.ts): cdktf's per-token stack traces unmapped.
  const app = withPlainStackTraces(() => {
    const built = build(cdktfApp);
    cdktfApp.synth();
    return built;
  });
  return {
    app,
    outdir,
    warnings: collectProblems(cdktfApp).filter((problem) => problem.level === 'warning'),
    stackDir: (name) => join(outdir, 'stacks', name),
  };
}

/**
 * Deploys the local stack to `endpoint`: `terraform init` and `apply` of its table, then its key items
 * loaded into the table in bulk (local/key-items.ts). By default the server is taken to be fresh, so any
 * previous state is dropped first; `keepState` applies on top of the state of a server that kept its
 * data (a restarted local run), changing only what changed; `skipTerraform` leaves the table as it is.
 */
export async function applyLocalStack(
  synthesized: SynthesizedApp<unknown>,
  endpoint: string,
  onProgress: (step: string) => void = () => undefined,
  options: { readonly keepState?: boolean } = {},
): Promise<LoadReport> {
  const dir = synthesized.stackDir(LOCAL_STACK);
  await applyTable(dir, endpoint, onProgress, options);
  onProgress('loading the key items');
  return loadItems(dir, endpoint);
}

/** `terraform init` and `apply` of a local stack's table (everything of it but the key items). */
export async function applyTable(dir: string, endpoint: string, onProgress: (step: string) => void = () => undefined, options: { readonly keepState?: boolean } = {}): Promise<void> {
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

/** Loads a synthesized local stack's key items into its table on `endpoint`. */
export async function loadItems(dir: string, endpoint: string): Promise<LoadReport> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY } });
  try {
    return await loadKeyItems(client, readLocalKeyItems(join(dir, STACK_FILE)));
  } finally {
    client.destroy();
  }
}

/** A table whose server keeps its data between local runs, and what was last deployed to it. */
export interface KeptTable {
  /** The server's data folder. */
  readonly dataDir: string;
  /** The folder was just created: nothing is deployed there yet. */
  readonly dataIsNew: boolean;
  /** Holds the digests of the synthesized stack after each successful deploy. */
  readonly receiptFile: string;
}

export interface DeployReport {
  /** Terraform's version, for the progress line. */
  readonly terraform: string;
  step<T>(what: string, work: () => Promise<T>): Promise<T>;
  note(line: string): void;
}

/** What the last successful deploy to a kept table deployed: the whole stack, and its Terraform part. */
interface Receipt {
  readonly stackSha256: string;
  readonly tableSha256: string;
}

/**
 * Brings a kept table up to this stack. When the last successful deploy to it deployed a synthesized
 * stack with the same digest (no client changed) and its state is still there, nothing runs. Otherwise
 * Terraform applies the table only if it changed (or is new), and the key items are loaded: new and
 * changed items written, items no longer declared deleted. Kept data and state that disagree (an
 * interrupted apply, a hand-edited table) make Terraform or the load fail: the table then starts
 * afresh, once. Resolves with the server holding the table: `dynamo`, or its fresh replacement.
 */
export async function deployToKeptTable(synthesized: SynthesizedApp<unknown>, dynamo: LocalDynamo, kept: KeptTable, report: DeployReport): Promise<LocalDynamo> {
  const dir = synthesized.stackDir(LOCAL_STACK);
  const digests = stackDigests(dir);
  const last = kept.dataIsNew || !existsSync(join(dir, 'terraform.tfstate')) ? undefined : readReceipt(kept.receiptFile);
  if (last?.stackSha256 === digests.stackSha256) {
    report.note('  ✓ the local stack is as the last start left it: no client changed, so no Terraform run and no items loaded');
    return dynamo;
  }
  try {
    await deployWithReceipt(dir, dynamo.endpoint, { ...kept, tableUnchanged: last?.tableSha256 === digests.tableSha256 }, digests, report);
    return dynamo;
  } catch (error) {
    if (kept.dataIsNew) throw error;
    report.note(`    the kept table could not be updated (${(error as Error).message.split('\n')[0]}); starting it afresh`);
    await dynamo.close();
    rmSync(kept.dataDir, { recursive: true, force: true });
    const fresh = await startLocalDynamo({ path: kept.dataDir });
    try {
      await deployWithReceipt(dir, fresh.endpoint, { ...kept, dataIsNew: true, tableUnchanged: false }, digests, report);
    } catch (retryError) {
      await fresh.close();
      throw retryError;
    }
    return fresh;
  }
}

async function deployWithReceipt(dir: string, endpoint: string, kept: KeptTable & { readonly tableUnchanged: boolean }, digests: Receipt, report: DeployReport): Promise<void> {
  rmSync(kept.receiptFile, { force: true }); // a deploy that does not finish leaves no receipt
  if (kept.tableUnchanged) {
    report.note('  ✓ the key table is as the last start left it: no Terraform run');
  } else {
    const what = `applying the key table with Terraform ${report.terraform}`;
    await report.step(kept.dataIsNew ? what : `${what} (the changes only)`, () => applyTable(dir, endpoint, undefined, { keepState: !kept.dataIsNew }));
  }
  const declared = Object.keys(readLocalKeyItems(join(dir, STACK_FILE)).items).length;
  const loaded = await report.step(`loading ${declared} key items (BatchWriteItem)`, () => loadItems(dir, endpoint));
  report.note(`    ${loaded.written} written, ${loaded.deleted} deleted, ${loaded.unchanged} unchanged`);
  writeFileSync(kept.receiptFile, JSON.stringify(digests));
}

/** The synthesized stack's digest, and that of what Terraform reads of it (everything but the key items). */
function stackDigests(stackDir: string): Receipt {
  const text = readFileSync(join(stackDir, STACK_FILE));
  const stack = JSON.parse(text.toString('utf8')) as { '//'?: Record<string, unknown> };
  delete stack['//'];
  return { stackSha256: sha256(text), tableSha256: sha256(JSON.stringify(stack)) };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The synthesized stack Terraform reads. */
const STACK_FILE = 'cdk.tf.json';

function readReceipt(file: string): Receipt | undefined {
  try {
    const receipt = JSON.parse(readFileSync(file, 'utf8')) as Partial<Receipt>;
    return typeof receipt.stackSha256 === 'string' && typeof receipt.tableSha256 === 'string' ? (receipt as Receipt) : undefined;
  } catch {
    return undefined;
  }
}
