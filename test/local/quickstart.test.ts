/**
 * The local run, started as `npm start` starts it, answering the README's quickstart: every command
 * block of the Quickstart section runs as written (bash, curl, node bin/gatehouse.js) and must print
 * the statuses its `<!-- expect: … -->` marker promises. If the README drifts from the product, this
 * fails. The run keeps its table in a temporary folder, so a developer's own `npm start` is untouched.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalRun, startLocalRun } from '../../local/start';
import { readRunState } from '../../local/run-state';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const quickstart = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('\n## ', readme.indexOf('## Quickstart') + 1));
const blocks = [...quickstart.matchAll(/```sh\n([\s\S]*?)```\n<!-- expect: ([\d ]+) -->/g)].map((match) => ({ script: match[1] as string, expected: (match[2] as string).trim().split(/\s+/) }));

let run: LocalRun;
let stateDir: string;
let port: number;
let mutualTlsPort: number;
let httpApiPort: number;

function bash(script: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const local = script.replace(/127\.0\.0\.1:3000/g, `127.0.0.1:${port}`).replace(/127\.0\.0\.1:3443/g, `127.0.0.1:${mutualTlsPort}`).replace(/127\.0\.0\.1:3080/g, `127.0.0.1:${httpApiPort}`);
  return new Promise((resolve) => {
    execFile('bash', ['-c', local], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: typeof error?.code === 'number' ? error.code : error ? 1 : 0 }),
    );
  });
}

/** Status codes a block printed: `HTTP/1.1 200 OK` lines of `curl -i`, or bare codes of `-w %{http_code}`. */
function statuses(output: string): string[] {
  return [...output.matchAll(/^(?:HTTP\/[\d.]+ (\d{3}).*|(\d{3}))\r?$/gm)].map((match) => (match[1] ?? match[2]) as string);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'gatehouse-quickstart-'));
  run = await startLocalRun({ port: 0, mutualTlsPort: 0, httpApiPort: 0, stateDir });
  port = Number(new URL(run.state.gatewayUrl).port);
  mutualTlsPort = Number(new URL(run.state.mutualTlsUrl).port);
  httpApiPort = Number(new URL(run.state.httpApiUrl).port);
});
afterAll(async () => {
  await run?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

it('reaches the ready state and tells the CLI where it runs', () => {
  expect(readRunState()).toMatchObject({ gatewayUrl: run.state.gatewayUrl, pid: process.pid });
  expect(blocks.length).toBeGreaterThanOrEqual(5);
});

describe('README quickstart, replayed as written', () => {
  it.each(blocks.map((block) => [block.expected.join(' '), block.script] as const))('prints %s', async (expected, script) => {
    const result = await bash(script);
    expect({ statuses: statuses(result.stdout), stderr: result.stderr }).toEqual({ statuses: expected.split(' '), stderr: expect.anything() });
  });
});

it('explains a denial step by step, exiting 2', async () => {
  const result = await bash('node bin/gatehouse.js explain "$(node bin/gatehouse.js token acme-logistics)" --ip 127.0.0.66');
  expect(result.stdout).toContain('✔ signature    RS256 signature verifies');
  expect(result.stdout).toContain('✘ ip-rules     ip_blocked: 127.0.0.66 is blocked by "127.0.0.66"');
  expect(result.stdout).toContain('Outcome: 403 deny (ip_blocked)');
  expect(result.code).toBe(2);
});

describe('the local gateway behaves like API Gateway', () => {
  const get = async (path: string, headers: Record<string, string>) => fetch(`${run.state.gatewayUrl}${path}`, { headers });
  const token = () => bash('node bin/gatehouse.js token acme-logistics').then((result) => result.stdout.trim());

  it('takes the source address from the connection, never from X-Forwarded-For', async () => {
    const result = await bash(`curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.66 -H 'X-Forwarded-For: 127.0.0.1' -H "Authorization: Bearer $(node bin/gatehouse.js token acme-logistics)" http://127.0.0.1:3000/orders`);
    expect(result.stdout).toBe('403');
  });

  it('caches a decision per Authorization header and address, for every route it covers', async () => {
    const authorization = `Bearer ${await token()}`;
    const calls = run.gateway.authorizerCalls();
    const first = await get('/orders', { authorization });
    const second = await get('/orders/7', { authorization });
    expect(run.gateway.authorizerCalls() - calls).toBe(1);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ client: 'acme-logistics', route: 'GET /orders/{id}' });
    // Another header value is another identity: the authorizer decides again.
    const other = await get('/invoices', { authorization: authorization.replace('Bearer', 'bearer') });
    expect([other.status, run.gateway.authorizerCalls() - calls]).toEqual([200, 2]);
  });

  it('answers unknown routes like API Gateway, without calling the authorizer', async () => {
    const response = await get('/nowhere', { authorization: 'Bearer x' });
    expect([response.status, await response.json()]).toEqual([403, { message: 'Missing Authentication Token' }]);
  });
});
