/**
 * Synthesizes the example app and deploys its local stack (key table and items) with real Terraform to
 * a DynamoDB-compatible server on this machine. Used by `npm start` and the end-to-end tests.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { collectProblems, type ReportedProblem } from '../stacks/app/annotations';
import { loadClientFiles } from '../stacks/app/clients-folder';
import { buildGatehouseApp, buildLocalStack, type GatehouseApp, type GatehouseAppOptions, LOCAL_STACK } from '../stacks/app/gatehouse-app';
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
 * `terraform init` and `apply` of the local stack against `endpoint`. The local server is fresh on every
 * run, so any previous state is dropped first.
 */
export async function applyLocalStack(synthesized: SynthesizedApp<unknown>, endpoint: string, onProgress: (step: string) => void = () => undefined): Promise<void> {
  const dir = synthesized.stackDir(LOCAL_STACK);
  const env = terraformEnvironment();
  rmSync(join(dir, 'terraform.tfstate'), { force: true });
  rmSync(join(dir, 'terraform.tfstate.backup'), { force: true });
  onProgress('terraform init');
  await terraformInit(dir, env);
  onProgress('terraform apply');
  await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', `-var=dynamodb_endpoint=${endpoint}`], { cwd: dir, env });
}
