/**
 * The authorizer as the benchmarks run it: the built bundle (what the Lambda runs, not the TypeScript
 * sources) with its default line writer, which writes each decision line to a file descriptor with one
 * `write` (stdout on Lambda). The benchmarks point that descriptor at /dev/null, or at a pipe another
 * process drains, so the bench's own stdout stays readable.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZER_BUNDLE } from '../scripts/build-authorizer';
import type * as AuthorizerModule from '../lambda/handler';
import type { KeyRecordSource } from '../lambda/record-store';
import type { SecretSource } from '../lambda/signature/hmac-secrets';
import type { KeyRecord } from '../record/key-record';

export type Handler = AuthorizerModule.RequestAuthorizerHandler;

export interface LogTarget {
  readonly fd: number;
  close(): Promise<void>;
}

export function openDevNull(): LogTarget {
  const fd = openSync('/dev/null', 'w');
  return { fd, close: async () => closeSync(fd) };
}

/** A pipe (a FIFO, blocking like an inherited stdout) that `cat` drains into /dev/null. */
export function openDrainedPipe(): LogTarget {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const fifo = join(dir, 'decision-lines');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  const drain = spawn('cat', [fifo], { stdio: ['ignore', 'ignore', 'inherit'] });
  const fd = openSync(fifo, 'w'); // returns once cat has opened the other end
  return {
    fd,
    close: () =>
      new Promise((resolve) => {
        drain.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        closeSync(fd);
      }),
  };
}

export function loadBundle(): typeof AuthorizerModule {
  return require(AUTHORIZER_BUNDLE) as typeof AuthorizerModule;
}

export interface BenchHandlerOptions {
  readonly records: readonly KeyRecord[];
  readonly secrets?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Where decision lines go, written as deployed; or nowhere (to show what writing costs). */
  readonly log: { readonly fd: number } | 'discard';
}

/** The bundle's handler over in-memory records and secrets; everything else as deployed, defaults included. */
export function benchHandler(options: BenchHandlerOptions): Handler {
  const byHash = new Map(options.records.map((item) => [item.keyHash, item]));
  const recordSource: KeyRecordSource = { fetch: async (hash) => byHash.get(hash) };
  const secretSource: SecretSource = {
    fetch: async (id) => {
      const value = options.secrets?.[id];
      if (value === undefined) throw new Error(`no secret ${id}`);
      return value;
    },
  };
  const env = { GATEHOUSE_TABLE_NAME: 'bench', ...options.env };
  const overrides = { recordSource, secretSource };
  const bundle = loadBundle();
  return options.log === 'discard'
    ? bundle.createHandler({ env, overrides, writeLog: () => undefined })
    : bundle.createHandler({ env, overrides, logFd: options.log.fd });
}
