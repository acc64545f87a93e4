/**
 * `gatehouse access diff <ref>` end to end, as CI runs it: the built CLI (bin/gatehouse.js) in a
 * temporary git repository holding this project with the test's own API catalog and client files, two
 * commits apart (a route added to a collection, a key's range widened, a client disabled, an auth method
 * changed, a client file added and one removed), compared in every format; then the refusals (a ref
 * before the layout, an unknown ref, definitions that do not load) and the cleanup of the worktrees.
 * The repository declares its own two environments (ENVIRONMENT_NAMES): every key belongs to the first,
 * and the added client exists in the first only, so the diff shows both environments side by side; a
 * branch whose only change is one environment fewer shows that the other commit's environments are its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AccessDiff } from '../../stacks/model/access/changes';
import { code } from '../../stacks/model/access/describe';
import { ACCESS_DIFF_MARKER } from '../../stacks/model/access/render-diff';
import { rsaKeyPair } from '../support/keys';
import { TEST_NOW } from '../support/stacks';
import { testTempDir } from '../support/temporary';

const ROOT = join(__dirname, '..', '..');
const HMAC_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gamma-hmac-AbCdEf';
const NOT_COPIED = ['test/', 'bench/', 'docs/', '.github/', 'stacks/clients/', 'README.md'];

const keys = Object.fromEntries(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'].map((name) => [name, rsaKeyPair().publicKey]));
const pem = (name: string) => (keys[name] as import('node:crypto').KeyObject).export({ format: 'pem', type: 'spki' }) as string;
const thumbprint = (name: string) => calculateJwkThumbprint((keys[name] as import('node:crypto').KeyObject).export({ format: 'jwk' }) as JWK);

function catalogFile(ordersRoutes: string[]): string {
  return `import type { Construct } from 'constructs';
import { AccessPolicy } from './constructs/access-policy';
import { ApiCollection } from './constructs/api-collection';

export function declareApiCatalog(scope: Construct) {
  return {
    policies: { standard: new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 50, burst: 100 }, quota: { limit: 1_000_000, period: 'MONTH' } }) },
    collections: {
      orders: new ApiCollection(scope, 'orders', { routes: ${JSON.stringify(ordersRoutes)} }),
      invoices: new ApiCollection(scope, 'invoices', { routes: ['GET /invoices'] }),
    },
  };
}

export type ApiCatalog = ReturnType<typeof declareApiCatalog>;
export type ClientDeclaration = (scope: Construct, catalog: ApiCatalog) => void;
`;
}

/** The test repository's environments (its stacks/environments.ts): keys belong to the first. */
const ENVIRONMENT_NAMES = ['staging', 'production'] as const;
const [FIRST, SECOND] = ENVIRONMENT_NAMES;

function environmentsFile(names: readonly string[] = ENVIRONMENT_NAMES): string {
  return `import type { EnvironmentSettings } from './model/environment';

export const ENVIRONMENTS: readonly EnvironmentSettings[] = ${JSON.stringify(names.map((name) => ({ name, region: 'eu-west-1', api: { kind: 'demo' } })))};
`;
}

/** Every environment protects an existing API whose routes are read from openapi.yaml at the project's root. */
function existingApiEnvironmentsFile(): string {
  return `import type { EnvironmentSettings } from './model/environment';
import { routesFromOpenApi } from './model/openapi';

export const ENVIRONMENTS: readonly EnvironmentSettings[] = ${JSON.stringify(ENVIRONMENT_NAMES)}.map((name) => ({
  name,
  region: 'eu-west-1',
  api: { kind: 'existing', restApiId: 'a1b2c3d4e5', stageName: 'prod', routes: routesFromOpenApi('openapi.yaml') },
}));
`;
}

/** An OpenAPI 3 document with these operations (`get /orders`). */
function openApiDocument(operations: readonly string[]): string {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) {
    const [method, path] = operation.split(' ') as [string, string];
    (paths[path] ??= {})[method] = { responses: { 200: { description: 'ok' } } };
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'orders', version: '1' }, paths }, null, 2);
}

function clientFile(name: string, options: { auth?: 'rsa' | 'hmac'; collection?: 'orders' | 'invoices'; enabled?: boolean; allowedIps?: string[]; notAfter?: string; environments?: string[] } = {}): string {
  const auth = options.auth === 'hmac' ? `ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(${JSON.stringify(HMAC_ARN)})] })` : `ClientAuth.rsa({ publicKeys: [${JSON.stringify(pem(name))}] })`;
  const key = { environment: FIRST, tokenHash: `sha256:${Buffer.from(name.padEnd(32, '-')).toString('hex')}`, allowedIps: options.allowedIps, notAfter: options.notAfter };
  return `import type { ClientDeclaration } from '../api-catalog';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../gatehouse';

const declare: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, '${name}', {
    description: '${name} integration',
    owner: 'team-${name}',
    auth: ${auth},
    policy: policies.standard,
    collections: [collections.${options.collection ?? 'invoices'}],${options.enabled === false ? '\n    enabled: false,' : ''}${options.environments ? `\n    environments: ${JSON.stringify(options.environments)},` : ''}
  });
  new ApiKey(scope, '${name}-main', { client, ...${JSON.stringify(key)} });
};
export default declare;
`;
}

let repo: string;
let scratch: string;
const commits: Record<string, string> = {};

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

function commitAll(message: string): string {
  git('add', '-A');
  git('-c', 'user.name=Gatehouse Tests', '-c', 'user.email=tests@gatehouse.invalid', 'commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}

/** The built CLI in the test repository; its temporary files go to `scratch`, checked for leftovers after. */
function gatehouse(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'gatehouse.js'), ...args], { cwd: repo, env: { ...process.env, TMPDIR: scratch } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: stderr.replace(/^gatehouse: building the CLI.*\n/m, ''), code: code ?? 1 });
    });
  });
}

beforeAll(() => {
  repo = testTempDir('access-diff-repo');
  scratch = testTempDir('access-diff-tmp');
  git('init', '-q', '-b', 'main');
  write('README.md', 'A project before Gatehouse.\n');
  commits.beforeLayout = commitAll('Before the layout');

  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files.filter((path) => !NOT_COPIED.some((prefix) => path.startsWith(prefix)))) {
    mkdirSync(join(repo, file, '..'), { recursive: true });
    cpSync(join(ROOT, file), join(repo, file));
  }
  // Linked, as a monorepo might: links are files to git, which `node_modules/` in .gitignore does not cover.
  writeFileSync(join(repo, '.git', 'info', 'exclude'), 'node_modules\n.gatehouse\n');
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, '.gatehouse'), join(repo, '.gatehouse'), 'dir');
  write('stacks/environments.ts', environmentsFile());
  write('stacks/api-catalog.ts', catalogFile(['GET /orders']));
  write('.github/CODEOWNERS', '# Every client file: the platform team; alpha: its own team.\n/stacks/clients/ @example-org/platform\n/stacks/clients/alpha.ts @example-org/alpha-team\n');
  write('stacks/clients/alpha.ts', clientFile('alpha', { collection: 'orders', allowedIps: ['198.51.100.0/24'], notAfter: '2030-01-01' }));
  write('stacks/clients/beta.ts', clientFile('beta'));
  write('stacks/clients/gamma.ts', clientFile('gamma', { allowedIps: ['192.0.2.0/24'] }));
  write('stacks/clients/delta.ts', clientFile('delta'));
  write('stacks/clients/zeta.ts', clientFile('zeta', { allowedIps: ['203.0.113.7'] }));
  commits.base = commitAll('Gatehouse with five clients');

  git('checkout', '-q', '-b', 'broken');
  write('stacks/clients/broken.ts', "import { nothing } from '../nowhere';\nexport default () => nothing;\n");
  commits.broken = commitAll('A client file that does not load');
  git('checkout', '-q', 'main');

  write('stacks/api-catalog.ts', catalogFile(['GET /orders', 'POST /orders']));
  write('stacks/clients/alpha.ts', clientFile('alpha', { collection: 'orders', allowedIps: ['198.51.0.0/16'], notAfter: '2030-01-01' }));
  write('stacks/clients/beta.ts', clientFile('beta', { enabled: false }));
  write('stacks/clients/gamma.ts', clientFile('gamma', { auth: 'hmac', allowedIps: ['192.0.2.0/24'] }));
  rmSync(join(repo, 'stacks/clients/delta.ts'));
  write('stacks/clients/epsilon.ts', clientFile('epsilon', { allowedIps: ['203.0.113.0/24'], environments: [FIRST] }));
  // GitHub asks the base branch's code owners; a pull request cannot choose its own reviewers.
  write('.github/CODEOWNERS', '/stacks/clients/ @example-org/platform\n/stacks/clients/alpha.ts @example-org/someone-else\n');
  commits.head = commitAll('Change access');

  // The same clients before the second environment existed: only stacks/environments.ts differs (and
  // the CODEOWNERS GitHub would read for a pull request based on this branch).
  git('checkout', '-q', '-b', 'first-environment-only');
  write('stacks/environments.ts', environmentsFile([FIRST]));
  write('.github/CODEOWNERS', '/stacks/clients/ @example-org/platform\n/stacks/environments.ts @example-org/platform-leads\n');
  commitAll('One environment');
  git('checkout', '-q', 'main');

  // An existing API whose routes come from its OpenAPI document, before and after the document gains POST /orders.
  git('checkout', '-q', '-b', 'openapi-before');
  write('stacks/environments.ts', existingApiEnvironmentsFile());
  write('openapi.yaml', openApiDocument(['get /orders', 'get /invoices']));
  commitAll('An existing API described by its OpenAPI document');
  git('checkout', '-q', '-b', 'openapi-after');
  write('openapi.yaml', openApiDocument(['get /orders', 'post /orders', 'get /invoices']));
  commitAll('POST /orders in the OpenAPI document');
  git('checkout', '-q', 'main');
}, 60_000);

afterAll(() => {
  // The command's worktrees are its to remove: none may be left registered or on disk.
  expect(git('worktree', 'list', '--porcelain').split('\n').filter((line) => line.startsWith('worktree '))).toEqual([`worktree ${repo}`]);
  expect(readdirSync(scratch).filter((name) => name.startsWith('gatehouse-'))).toEqual([]);
});

describe('gatehouse access diff HEAD~1, after a change of access', () => {
  const base = () => `HEAD~1 (${commits.base!.slice(0, 7)})`;

  it('prints the changes for terminals, riskiest client first, each with its approvals, and exits 3', async () => {
    const result = await gatehouse('access', 'diff', 'HEAD~1', '--now', TEST_NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    const gammaKey = await thumbprint('gamma');
    const epsilonKey = await thumbprint('epsilon');
    expect(result.stdout.trimEnd()).toBe(
      [
        `5 clients change access compared with ${base()}: 9 changes (3 high, 3 medium, 3 low risk).`,
        `Approvals from the client's owner and the code owners of its file (.github/CODEOWNERS at ${base()}).`,
        // The catalog changed (POST /orders joined a collection): that reaches alpha, whose file did change, and any client of the collection.
        'Shared definitions changed, which every client reads: stacks/api-catalog.ts. Their approval: no CODEOWNERS line covers stacks/api-catalog.ts.',
        '',
        'alpha [HIGH]',
        '  approval: owner team-alpha; CODEOWNERS @example-org/alpha-team for stacks/clients/alpha.ts (line 3 /stacks/clients/alpha.ts)',
        `  [${FIRST}, ${SECOND}]`,
        '    HIGH   gains POST /orders (write)',
        `  [${FIRST}]`,
        '    HIGH   key alpha-main: IP space widened by 65,280 IPv4 addresses (IPv4 256 → 65,536; allowed 198.51.100.0/24 → 198.51.0.0/16, newly admitted 198.51.0.0-198.51.99.255, 198.51.101.0-198.51.255.255)',
        '',
        'gamma [HIGH]',
        '  approval: owner team-gamma; CODEOWNERS @example-org/platform for stacks/clients/gamma.ts (line 2 /stacks/clients/)',
        `  [${FIRST}, ${SECOND}]`,
        `    HIGH   auth downgraded: RSA (RS256), 1 public key: ${gammaKey} → HMAC (HS256), secret ${HMAC_ARN}`,
        '',
        'epsilon [medium]',
        '  approval: owner team-epsilon; CODEOWNERS @example-org/platform for stacks/clients/epsilon.ts (line 2 /stacks/clients/)',
        // A client of the first environment only: its changes are that environment's alone.
        `  [${FIRST}]`,
        `    medium client added: "epsilon integration", owner team-epsilon, RSA (RS256), 1 public key: ${epsilonKey}; access policy standard: 50 requests/s, burst 100, quota 1,000,000 per MONTH`,
        '    medium gains GET /invoices',
        '    medium key epsilon-main added: admits 256 IPv4 addresses, never expires',
        '',
        'beta [low]',
        '  approval: owner team-beta; CODEOWNERS @example-org/platform for stacks/clients/beta.ts (line 2 /stacks/clients/)',
        `  [${FIRST}, ${SECOND}]`,
        '    low    client disabled: every key gets 403',
        '',
        'delta [low]',
        '  approval: owner team-delta; CODEOWNERS @example-org/platform for stacks/clients/delta.ts (line 2 /stacks/clients/)',
        // Its key was the first environment's: the two removals differ, so each is shown.
        `  [${FIRST}]`,
        '    low    client removed (it had 1 route and 1 key)',
        `  [${SECOND}]`,
        '    low    client removed (it had 1 route and 0 keys)',
      ].join('\n'),
    );
  }, 150_000);

  it('writes Markdown for the pull request comment, with the same changes', async () => {
    const result = await gatehouse('access', 'diff', 'HEAD~1', '--format', 'markdown', '--now', TEST_NOW);
    expect(result.code).toBe(3);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([ACCESS_DIFF_MARKER, '## Access review', '', `5 clients change access compared with \`${base()}\`: 9 changes (3 high, 3 medium, 3 low risk).`]);
    expect(lines).toContain('Shared definitions changed, which every client reads: `stacks/api-catalog.ts`. Their approval: no CODEOWNERS line covers `stacks/api-catalog.ts`.');
    expect(lines.filter((line) => line.startsWith('### '))).toEqual(['### 🔴 `alpha`', '### 🔴 `gamma`', '### 🟠 `epsilon`', '### 🟢 `beta`', '### 🟢 `delta`']);
    expect(result.stdout).toContain(
      '### 🔴 `alpha`\n\nNeeds approval from: owner `team-alpha`; CODEOWNERS `@example-org/alpha-team` for `stacks/clients/alpha.ts` (line 3 `/stacks/clients/alpha.ts`)\n\n| risk | environments | change |\n|---|---|---|\n' +
        `| 🔴 high | ${code(FIRST)}, ${code(SECOND)} | gains ${code('POST /orders')} (write) |\n` +
        `| 🔴 high | ${code(FIRST)} | key ${code('alpha-main')}: IP space widened by 65,280 IPv4 addresses (IPv4 256 → 65,536; allowed ${code('198.51.100.0/24')} → ${code('198.51.0.0/16')}, newly admitted ${code('198.51.0.0-198.51.99.255')}, ${code('198.51.101.0-198.51.255.255')}) |\n`,
    );
    expect(result.stdout).toContain(`| 🔴 high | ${code(FIRST)}, ${code(SECOND)} | auth downgraded: RSA (RS256), 1 public key: \`${await thumbprint('gamma')}\` → HMAC (HS256), secret \`${HMAC_ARN}\` |`);
    expect(result.stdout).toContain(`| 🟢 low | ${code(FIRST)}, ${code(SECOND)} | client disabled: every key gets 403 |`);
    expect(result.stdout).toContain(`| 🟢 low | ${code(FIRST)} | client removed (it had 1 route and 1 key) |`);
    expect(result.stdout).toContain(`| 🟠 medium | ${code(FIRST)} | key ${code('epsilon-main')} added: admits 256 IPv4 addresses, never expires |`);
    expect(result.stdout).not.toContain('zeta');
  }, 150_000);

  it('writes JSON for tools: every change with its kind, risk and before/after, grouped by client and environment', async () => {
    const result = await gatehouse('access', 'diff', 'HEAD~1', '--format', 'json', '--now', TEST_NOW);
    expect(result.code).toBe(3);
    const diff = JSON.parse(result.stdout) as AccessDiff;
    // Counts count a change made alike in both environments once; the lists keep each environment's.
    expect(diff).toMatchObject({ version: 1, environments: [...ENVIRONMENT_NAMES], base: base(), head: 'working tree', changed: true, counts: { clients: 5, changes: 9, high: 3, medium: 3, low: 3 } });
    expect(diff.clients.map((client) => [client.client, client.risk, client.environments.map((entry) => [entry.environment, entry.changes.map((change) => [change.kind, change.risk])])])).toEqual([
      ['alpha', 'high', [[FIRST, [['route-gained', 'high'], ['ip-widened', 'high']]], [SECOND, [['route-gained', 'high']]]]],
      ['gamma', 'high', [[FIRST, [['auth-method-changed', 'high']]], [SECOND, [['auth-method-changed', 'high']]]]],
      ['epsilon', 'medium', [[FIRST, [['client-added', 'medium'], ['route-gained', 'medium'], ['key-added', 'medium']]]]],
      ['beta', 'low', [[FIRST, [['client-disabled', 'low']]], [SECOND, [['client-disabled', 'low']]]]],
      ['delta', 'low', [[FIRST, [['client-removed', 'low']]], [SECOND, [['client-removed', 'low']]]]],
    ]);
    expect(diff.sharedDefinitions).toEqual({ files: ['stacks/api-catalog.ts'], codeowners: [], uncovered: ['stacks/api-catalog.ts'] });
    const alpha = diff.clients[0]!;
    expect(alpha.approval).toEqual({
      owners: ['team-alpha'],
      files: ['stacks/clients/alpha.ts'],
      codeowners: [{ file: 'stacks/clients/alpha.ts', source: '.github/CODEOWNERS', line: 3, pattern: '/stacks/clients/alpha.ts', owners: ['@example-org/alpha-team'] }],
      uncovered: [],
    });
    const widened = alpha.environments[0]!.changes[1]!;
    expect(widened).toMatchObject({ key: 'alpha-main', before: { admittedIpv4: '256', allowed: [{ canonical: '198.51.100.0/24', addresses: '256' }] }, after: { admittedIpv4: '65536', allowed: [{ canonical: '198.51.0.0/16', addresses: '65536' }] } });
    expect(diff.clients[1]!.environments[0]!.changes[0]).toMatchObject({ before: { method: 'rsa', publicKeys: [{ thumbprint: await thumbprint('gamma') }] }, after: { method: 'hmac', secretRefs: [HMAC_ARN] } });
  }, 150_000);

  it('sees uncommitted changes too, and exits 0 when nothing changed', async () => {
    expect(await gatehouse('access', 'diff', 'HEAD', '--now', TEST_NOW)).toMatchObject({ code: 0, stdout: `No change in effective access compared with HEAD (${commits.head!.slice(0, 7)}).\n` });
    write('stacks/clients/zeta.ts', clientFile('zeta', { allowedIps: ['203.0.113.7'], notAfter: '2027-01-01' }));
    try {
      const result = await gatehouse('access', 'diff', 'HEAD', '--format', 'json', '--now', TEST_NOW);
      expect(result.code).toBe(3);
      const diff = JSON.parse(result.stdout) as AccessDiff;
      expect(diff.clients.map((client) => [client.client, client.environments[0]!.changes.map((change) => change.message)])).toEqual([['zeta', ['key `zeta-main`: never expires → expires 2027-01-01']]]);
      // Only a client file changed: no shared definition to approve.
      expect(diff.sharedDefinitions.files).toEqual([]);
    } finally {
      git('checkout', '-q', '--', 'stacks/clients/zeta.ts');
    }
  }, 150_000);
});

describe('gatehouse access diff when only the environments changed', () => {
  it("takes the other commit's environments with its clients: an environment added shows every client arriving there, for the environments' code owners to approve", async () => {
    const result = await gatehouse('access', 'diff', 'first-environment-only', '--format', 'json', '--now', TEST_NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    const diff = JSON.parse(result.stdout) as AccessDiff;
    expect(diff.environments).toEqual([...ENVIRONMENT_NAMES]);
    // Every client of the working tree but epsilon (declared for the first environment only) arrives in the second, and nothing else changes.
    expect(diff.clients.map((client) => client.client).sort()).toEqual(['alpha', 'beta', 'gamma', 'zeta']);
    for (const client of diff.clients) {
      expect(client.environments.map((entry) => entry.environment)).toEqual([SECOND]);
      expect(client.environments[0]!.changes.map((change) => change.kind)).toContain('client-added');
    }
    // No client file changed: the environments' code owners are the ones to approve.
    expect(diff.sharedDefinitions).toEqual({
      files: ['stacks/environments.ts'],
      codeowners: [{ file: 'stacks/environments.ts', source: '.github/CODEOWNERS', line: 2, pattern: '/stacks/environments.ts', owners: ['@example-org/platform-leads'] }],
      uncovered: [],
    });
  }, 150_000);
});

describe('gatehouse access diff when only the OpenAPI document changed', () => {
  it("reads the API's routes from the other commit's OpenAPI document, and names the document for approval", async () => {
    git('checkout', '-q', 'openapi-after');
    try {
      const result = await gatehouse('access', 'diff', 'openapi-before', '--format', 'json', '--now', TEST_NOW);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(3);
      const diff = JSON.parse(result.stdout) as AccessDiff;
      // alpha's orders collection grants POST /orders, which the API now routes.
      expect(diff.clients.map((client) => [client.client, client.environments.map((entry) => [entry.environment, entry.changes.map((change) => [change.kind, change.message])])])).toEqual([
        ['alpha', ENVIRONMENT_NAMES.map((environment) => [environment, [['route-gained', 'gains `POST /orders` (write)']]])],
      ]);
      expect(diff.sharedDefinitions.files).toEqual(['openapi.yaml']);
    } finally {
      git('checkout', '-q', 'main');
    }
  }, 150_000);
});

describe('gatehouse access diff refuses what it cannot compare, exiting 1', () => {
  it('a ref from before the layout, naming the commit that introduced it', async () => {
    const result = await gatehouse('access', 'diff', commits.beforeLayout!);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim()).toBe(`gatehouse: ${commits.beforeLayout} predates the layout the access model reads: it has no stacks/clients (introduced in ${commits.base!.slice(0, 7)}; compare with ${commits.base!.slice(0, 7)} or a later commit)`);
  }, 60_000);

  it('an unknown ref', async () => {
    const result = await gatehouse('access', 'diff', 'no-such-branch');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim()).toBe('gatehouse: unknown git ref "no-such-branch" (fetch it first: CI checkouts are shallow)');
  }, 60_000);

  it('definitions that do not load with the current code, with the reason', async () => {
    const result = await gatehouse('access', 'diff', 'broken');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^gatehouse: the client definitions at broken do not load with the current code: .*Cannot find module '..\/nowhere'/);
    expect(result.stderr).toContain('- broken:stacks/clients/broken.ts');
  }, 150_000);
});
