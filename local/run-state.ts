/**
 * What a running `npm start` tells the CLI: where the gateway, the table and the identity provider are.
 * Written to .gatehouse/local/run.json (git-ignored, owner-only) when the run is ready, removed on stop.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEHOUSE_HOME } from '../stacks/app/demo-material';

export const LOCAL_DIR = join(GATEHOUSE_HOME, 'local');
export const RUN_STATE_FILE = join(LOCAL_DIR, 'run.json');

export interface RunState {
  readonly pid: number;
  readonly gatewayUrl: string;
  /** The same API over HTTPS, requiring client certificates from the demo CA. */
  readonly mutualTlsUrl: string;
  /** The same API as an HTTP API (payload 2.0, simple responses). */
  readonly httpApiUrl: string;
  readonly dynamodbEndpoint: string;
  /** The admin endpoint (local/admin-server.ts) and its token, for `gatehouse flush --local`. */
  readonly admin: { readonly url: string; readonly token: string };
  /** The authorizer's environment, as the local gateway set it (table name, claims, secrets file). */
  readonly authorizerEnvironment: Record<string, string>;
  readonly identityProvider: {
    readonly issuer: string;
    readonly discoveryUrl: string;
    /** Demo client-credentials clients, by the Gatehouse client they act for. */
    readonly clients: Record<string, { readonly clientId: string; readonly clientSecret: string }>;
  };
}

export function writeRunState(state: RunState): void {
  mkdirSync(LOCAL_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(RUN_STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** The running local run, or undefined when none is running (no file, or its process is gone). */
export function readRunState(): RunState | undefined {
  if (!existsSync(RUN_STATE_FILE)) return undefined;
  const state = JSON.parse(readFileSync(RUN_STATE_FILE, 'utf8')) as RunState;
  return processIsAlive(state.pid) ? state : undefined;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a local run's state folder for this process: two runs sharing one kept table would find its
 * data locked, and the second's recovery would clear the first's table. A claim left by a process that
 * is gone is taken over. Returns the release.
 */
export function claimStateDir(dir: string): () => void {
  const file = join(dir, 'owner.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readPid(file);
      if (owner !== undefined && processIsAlive(owner)) {
        throw new Error(`another local run (pid ${owner}) is using ${dir}; stop it first (Ctrl-C in its terminal)`, { cause: error });
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim ${dir} for this local run`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function removeRunState(): void {
  rmSync(RUN_STATE_FILE, { force: true });
}
