/**
 * CLI start: the time from spawning `node bin/gatehouse.js <command>` to its exit, for the commands an
 * operator runs most (`--help`, `keys new`, `token <demo client>`), against a bare `node -e 0` start on
 * the same machine. Fresh processes, interleaved rounds (a noisy neighbour slows all alike), medians.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'gatehouse.js');
/** The target: the slowest of these commands starts within this many bare node starts. */
export const CLI_START_LIMIT = 6;

const COMMANDS: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'gatehouse --help', args: [CLI, '--help'] },
  { name: 'gatehouse keys new', args: [CLI, 'keys', 'new'] },
  { name: 'gatehouse token acme-logistics', args: [CLI, 'token', 'acme-logistics'] },
];

export interface CliStart {
  readonly baselineMs: number;
  /** The slowest command's median over the baseline's. */
  readonly ratio: number;
  readonly report: string;
  readonly target: string;
}

function timeRun(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchCliStart(rounds: number): Promise<CliStart> {
  for (const command of COMMANDS) await timeRun(command.args); // builds the bundle if it is stale, warms the file cache
  const samples = COMMANDS.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, command] of COMMANDS.entries()) samples[index]?.push(await timeRun(command.args));
  }
  const medians = samples.map(median);
  const baselineMs = medians[0] as number;
  const ratio = Math.max(...medians.slice(1)) / baselineMs;
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return {
    baselineMs,
    ratio,
    report: [
      `CLI start (fresh process to exit, median of ${rounds}, interleaved)`,
      ...COMMANDS.map((command, index) => `  ${command.name.padEnd(width)}  ${(medians[index] as number).toFixed(0).padStart(5)} ms  ${((medians[index] as number) / baselineMs).toFixed(2)} × node`),
    ].join('\n'),
    target: `${`CLI start ≤ ${CLI_START_LIMIT} × a bare node start`.padEnd(50)}${ratio.toFixed(2)}  ${ratio <= CLI_START_LIMIT ? 'met' : 'MISSED'}`,
  };
}
