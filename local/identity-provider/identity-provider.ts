/**
 * Starts and drives the local identity provider (server.ts) from another process: tests, `npm start`.
 * Start-up and every command are bounded by timeouts; the child is killed on stop or on our exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IdentityProviderConfig } from './server';

export interface IdentityProvider {
  readonly issuer: string;
  readonly discoveryUrl: string;
  /** The kids the provider publishes, signing key first. */
  readonly kids: readonly string[];
  /** A client-credentials access token from the token endpoint, over HTTP. */
  token(clientId: string, clientSecret: string): Promise<string>;
  rotate(): Promise<readonly string[]>;
  retire(): Promise<readonly string[]>;
  stop(): Promise<void>;
}

const SERVER = join(__dirname, 'server.ts');
const TSX = require.resolve('tsx/cli');

export async function startIdentityProvider(config: Partial<IdentityProviderConfig> & Pick<IdentityProviderConfig, 'audience' | 'clients'>, timeoutMs = 20_000): Promise<IdentityProvider> {
  const full: IdentityProviderConfig = { port: 0, alg: 'RS256', ...config };
  const child: ChildProcess = spawn(process.execPath, [TSX, SERVER], {
    env: { ...process.env, GATEHOUSE_IDP_CONFIG: JSON.stringify(full) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));

  // Events wait in `arrived` until someone asks for the next one.
  const arrived: Record<string, unknown>[] = [];
  const waiting: ((event: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    if (event.event === 'keys') kids = event.kids as string[];
    const waiter = waiting.shift();
    if (waiter) waiter(event);
    else arrived.push(event);
  });
  const next = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = arrived.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`identity provider: no ${what} within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`identity provider exited (${code}) before ${what}\n${stderr}`));
      child.once('exit', onExit);
      waiting.push((event) => {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(event);
      });
    });

  let kids: string[] = [];
  await next('key set');
  const ready = await next('ready line');
  const issuer = ready.issuer as string;
  const command = async (name: string) => {
    const done = next(`answer to ${name}`);
    child.stdin!.write(`${JSON.stringify({ command: name })}\n`);
    await done;
    return kids;
  };

  return {
    issuer,
    discoveryUrl: ready.discoveryUrl as string,
    get kids() {
      return kids;
    },
    async token(clientId, clientSecret) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, resource: full.audience }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token request failed: ${body.error}: ${body.error_description}`);
      return body.access_token;
    },
    rotate: () => command('rotate'),
    retire: () => command('retire'),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
