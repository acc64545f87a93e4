/**
 * `gatehouse access`: the effective access of a clients folder, from the files alone, in the three
 * formats (run in-process with captured output; the built binary and `access diff` are in
 * access-diff.test.ts). The folder is the test's own, next to the project's, as a team's would be.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AccessModel } from '../../stacks/model/access/model';
import { gatehouseInProcess } from '../support/cli-in-process';
import { rsaKeyPair } from '../support/keys';
import { TEST_NOW } from '../support/stacks';

const ROOT = join(__dirname, '..', '..');
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
  new ApiKey(scope, 'acme-prod', { client, tokenHash: '${tokenHash}', allowedIps: ['198.51.100.0/24', '2001:db8::/64'], blockedIps: ['198.51.100.13'], notAfter: '2026-03-01' });
  new ApiKey(scope, 'acme-dr', { client, tokenHash: 'sha256:${'ab'.repeat(32)}' });
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
    expect(result.stdout).toContain(
      [
        `acme, owner team-acme, ${file}`,
        '  Acme order sync',
        '  status: enabled',
        '  auth: RSA (RS256), 1 public key',
        `    JWK thumbprint ${thumbprint}: 2048-bit, pasted as spki`,
        '  tokens: exp required, lifetime at most 86400 s',
        '  access policy trial: 1 request/s, burst 2, quota 1,000 per DAY',
      ].join('\n'),
    );
    expect(result.stdout).toMatch(/ {2}routes \(\d+, from orders\):\n(?: {4}.*\n)* {4}POST \/orders \(write\)\n/);
    expect(result.stdout).toContain(
      [
        '  keys (2):',
        `    key acme-prod: expired, expires 2026-03-01, token hash ${tokenHash.slice(0, 19)}…`,
        '      IP: allowed 198.51.100.0/24 (256), 2001:db8::/64 (2^64); blocked 198.51.100.13 (1); admits 255 IPv4 addresses and 2^64 IPv6 addresses',
        `    key acme-dr: active, never expires, token hash sha256:${'ab'.repeat(6)}…`,
        '      IP: no allow list; admits any address',
      ].join('\n'),
    );
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
    expect(model.environments.map((environment) => environment.name)).toEqual(['default']);
    const acme = model.environments[0]!.clients[0]!;
    expect(acme).toMatchObject({ name: 'acme', owner: 'team-acme', enabled: true, valid: true, policy: { name: 'trial' }, auth: { method: 'rsa' } });
    expect(acme.keys.map((key) => [key.name, key.status, key.ip.admittedIpv4])).toEqual([
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
