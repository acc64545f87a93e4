/**
 * `gatehouse access`: the effective access of a clients folder, from the files alone, in the three
 * formats (run in-process with captured output; the built binary and `access diff` are in
 * access-diff.test.ts). The folder is the test's own, next to the project's, as a team's would be.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { AccessModel } from '../../stacks/model/access/model';
import { gatehouseInProcess } from '../support/cli-in-process';
import { rsaKeyPair } from '../support/keys';
import { TEST_NOW } from '../support/stacks';

const ROOT = join(__dirname, '..', '..');
// The app's own environments: a key belongs to one, so acme's two keys go to the first and the last.
const NAMES = ENVIRONMENTS.map((environment) => environment.name);
const FIRST = NAMES[0] as string;
const LAST = NAMES.at(-1) as string;
const SEVERAL = NAMES.length > 1;
/** A client's lines are indented once more under an environment heading when the app has several. */
const IN = SEVERAL ? '    ' : '  ';
const pair = rsaKeyPair();
const tokenHash = `sha256:${createHash('sha256').update('acme token').digest('hex')}`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(ROOT, 'test', 'cli', '.tmp-clients-'));
  writeFileSync(
    join(dir, 'acme.ts'),
    `import { ApiClient, ApiKey, ClientAuth } from '../../../stacks/gatehouse';
export default (scope: any, { policies, collections }: any) => {
  const client = new ApiClient(scope, 'acme', {
    description: 'Acme order sync',
    owner: 'team-acme',
    auth: ClientAuth.rsa({ publicKeys: [${JSON.stringify(pair.publicKey.export({ format: 'pem', type: 'spki' }))}] }),
    policy: policies.trial,
    collections: [collections.orders],
  });
  new ApiKey(scope, 'acme-prod', { client, environment: ${JSON.stringify(FIRST)}, tokenHash: '${tokenHash}', allowedIps: ['198.51.100.0/24', '2001:db8::/64'], blockedIps: ['198.51.100.13'], notAfter: '2026-03-01' });
  new ApiKey(scope, 'acme-dr', { client, environment: ${JSON.stringify(LAST)}, tokenHash: 'sha256:${'ab'.repeat(32)}' });
};
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gatehouse = gatehouseInProcess;

describe('gatehouse access', () => {
  it('prints each client for terminals: auth and key identity, limits, routes, keys with IP rules and address counts', async () => {
    const result = await gatehouse('access', '--clients-dir', dir, '--now', TEST_NOW);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const thumbprint = await calculateJwkThumbprint(pair.publicKey.export({ format: 'jwk' }) as JWK);
    const file = `${dir.slice(ROOT.length + 1)}/acme.ts`;
    expect(result.stdout).toContain([`acme, owner team-acme, ${file}`, '  Acme order sync'].join('\n'));
    const shared = [
      'status: enabled',
      'auth: RSA (RS256), 1 public key',
      `  JWK thumbprint ${thumbprint}: 2048-bit, pasted as spki`,
      'tokens: exp required, lifetime at most 86400 s',
      'access policy trial: 1 request/s, burst 2, quota 1,000 per DAY',
    ].map((line) => IN + line);
    const prodKey = [
      `key acme-prod: expired, expires 2026-03-01, token hash ${tokenHash.slice(0, 19)}…`,
      '  IP: allowed 198.51.100.0/24 (256), 2001:db8::/64 (2^64); blocked 198.51.100.13 (1); admits 255 IPv4 addresses and 2^64 IPv6 addresses',
    ];
    const drKey = [`key acme-dr: active, never expires, token hash sha256:${'ab'.repeat(6)}…`, '  IP: no allow list; admits any address'];
    const keys = (lines: string[]) => [`${IN}keys (${lines.length / 2}):`, ...lines.map((line) => `${IN}  ${line}`)].join('\n');
    if (SEVERAL) {
      // Side by side: where the client exists and what differs, then each environment's own block.
      expect(result.stdout).toContain(`  Acme order sync\n  in every environment (${NAMES.join(', ')}); differs in keys\n  [${FIRST}]\n${shared.join('\n')}\n`);
      expect(result.stdout).toContain(`  [${LAST}]\n${shared.join('\n')}\n`);
      expect(result.stdout).toContain(keys(prodKey));
      expect(result.stdout).toContain(keys(drKey));
    } else {
      expect(result.stdout).toContain(shared.join('\n'));
      expect(result.stdout).toContain(keys([...prodKey, ...drKey]));
    }
    expect(result.stdout).toMatch(new RegExp(`${IN}routes \\(\\d+, from orders\\):\n(?:${IN}  .*\n)*${IN}  POST /orders \\(write\\)\n`));
  });

  it('writes Markdown and JSON for tools, from the same model', async () => {
    const markdown = await gatehouse('access', '--clients-dir', dir, '--format', 'markdown', '--now', TEST_NOW);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toBe('## Access of 1 client');
    expect(markdown.stdout).toContain('### `acme`, owner `team-acme`');
    expect(markdown.stdout).toContain('- access policy `trial`: 1 request/s, burst 2, quota 1,000 per DAY\n');
    expect(markdown.stdout).toContain('  - `POST /orders` (write)\n');
    const json = await gatehouse('access', '--clients-dir', dir, '--format', 'json', '--now', TEST_NOW);
    const model = JSON.parse(json.stdout) as AccessModel;
    expect(model).toMatchObject({ version: 1, at: '2026-06-01T00:00:00.000Z' });
    expect(model.environments.map((environment) => environment.name)).toEqual(NAMES);
    for (const environment of model.environments) {
      expect(environment.clients.map((client) => client.name)).toEqual(['acme']);
      expect(environment.clients[0]).toMatchObject({ name: 'acme', owner: 'team-acme', enabled: true, valid: true, policy: { name: 'trial' }, auth: { method: 'rsa' } });
    }
    const keysIn = (name: string) => model.environments.find((environment) => environment.name === name)!.clients[0]!.keys.map((key) => [key.name, key.status, key.ip.admittedIpv4]);
    // Each key in its own environment only.
    expect([...new Set([FIRST, LAST])].flatMap(keysIn)).toEqual([
      ['acme-prod', 'expired', '255'],
      ['acme-dr', 'active', String(2 ** 32)],
    ]);
  });

  it('warns about clients with errors, and refuses a bad --now or --format', async () => {
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, `import { ApiClient, ClientAuth } from '../../../stacks/gatehouse';\nexport default (scope: any, { collections }: any) => { new ApiClient(scope, 'broken', { description: 'x', owner: 'o', auth: ClientAuth.rsa({ publicKeys: ['not a key'] }), collections: [collections.orders] }); };\n`);
    try {
      const result = await gatehouse('access', '--clients-dir', dir);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('gatehouse: broken has errors: what deploys may differ (run gatehouse validate)');
      expect(result.stdout).toContain('status: enabled; has errors: run gatehouse validate');
    } finally {
      rmSync(broken);
    }
    expect(await gatehouse('access', '--clients-dir', dir, '--now', 'yesterday')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('--now "yesterday" is not an ISO 8601 instant') });
    expect(await gatehouse('access', '--format', 'yaml')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("argument 'yaml' is invalid. Allowed choices are text, markdown, json") });
  });
});
