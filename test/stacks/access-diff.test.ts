/**
 * The access diff: each kind of change with its risk, only what changed, riskiest first, grouped by
 * client and then environment, with who must approve it; and the same diff in the three formats.
 * Models are built from real catalogs (constructs declared into a platform), two versions at a time.
 */
import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import { AccessPolicy, ApiClient, ApiCollection, ApiKey, ClientAuth, HmacSecret } from '../../stacks/gatehouse';
import type { ApiKeySettings } from '../../stacks/model/api-key';
import type { ApiClientSettings } from '../../stacks/model/api-client';
import { buildAccessModel } from '../../stacks/model/access/build-model';
import { type AccessDiff, type Change, sideBySide } from '../../stacks/model/access/changes';
import { parseCodeOwners } from '../../stacks/model/access/codeowners';
import { diffAccess } from '../../stacks/model/access/diff';
import type { AccessModel } from '../../stacks/model/access/model';
import { ACCESS_DIFF_MARKER, renderAccessDiff } from '../../stacks/model/access/render-diff';
import { rsaKeyPair } from '../support/keys';
import { TEST_NOW, testPlatform } from '../support/stacks';

const RSA_PEM = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const OTHER_RSA_PEM = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const HMAC_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-hmac-AbCdEf';
const hash = (name: string) => `sha256:${createHash('sha256').update(name).digest('hex')}`;

type Auth = 'rsa' | 'rsa-two-keys' | 'hmac' | 'oidc' | 'oidc-no-audience' | 'oidc-elsewhere';
interface ClientSpec extends Partial<Omit<ApiClientSettings, 'auth'>> {
  readonly auth?: Auth;
  readonly collections?: readonly string[];
  readonly policy?: 'standard' | 'trial' | 'unlimited';
  readonly keys?: Record<string, Partial<ApiKeySettings>>;
}

const AUTH: Record<Auth, () => ApiClientSettings['auth']> = {
  rsa: () => ClientAuth.rsa({ publicKeys: [RSA_PEM] }),
  'rsa-two-keys': () => ClientAuth.rsa({ publicKeys: [RSA_PEM, OTHER_RSA_PEM] }),
  hmac: () => ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(HMAC_ARN)] }),
  oidc: () => ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', audience: 'api://orders' }),
  'oidc-no-audience': () => ClientAuth.oidc({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', audience: null }),
  'oidc-elsewhere': () => ClientAuth.oidc({ discoveryUrl: 'https://idp.attacker.example/.well-known/openid-configuration', audience: 'api://orders' }),
};

const COLLECTIONS: Record<string, string[]> = {
  read: ['GET /orders', 'GET /orders/{id}'],
  write: ['POST /orders', 'DELETE /orders/{id}'],
  one: ['GET /orders/42'],
  health: ['GET /health'],
};

function declareClients(clients: Record<string, ClientSpec>) {
  return (scope: Construct) => {
    const policies = {
      standard: new AccessPolicy(scope, 'standard', { rateLimit: { requestsPerSecond: 50, burst: 100 }, quota: { limit: 1_000_000, period: 'MONTH' } }),
      trial: new AccessPolicy(scope, 'trial', { rateLimit: { requestsPerSecond: 1, burst: 2 }, quota: { limit: 1_000, period: 'DAY' } }),
      unlimited: new AccessPolicy(scope, 'unlimited', { quota: { limit: 10, period: 'DAY' } }),
    };
    const collections = Object.fromEntries(Object.entries(COLLECTIONS).map(([name, routes]) => [name, new ApiCollection(scope, name, { routes })]));
    for (const [name, spec] of Object.entries(clients)) {
      const { auth = 'rsa', collections: names = ['read'], policy = 'standard', keys = { [`${name}-main`]: {} }, ...settings } = spec;
      const client = new ApiClient(scope, name, {
        description: `${name} client`,
        owner: 'team-a',
        ...settings,
        auth: AUTH[auth](),
        policy: policies[policy],
        collections: names.map((collection) => collections[collection] as ApiCollection),
      });
      for (const [key, keySettings] of Object.entries(keys)) new ApiKey(scope, key, { client, tokenHash: hash(key), allowedIps: ['198.51.100.0/24'], ...keySettings });
    }
  };
}

function modelOf(environments: Record<string, Record<string, ClientSpec>>): AccessModel {
  const inputs = Object.entries(environments).map(([environment, clients]) => ({
    environment,
    catalog: testPlatform(declareClients(clients), { now: TEST_NOW }).platform.catalog,
    fileOf: (client: { name: string }) => `stacks/clients/${client.name}.ts`,
  }));
  return buildAccessModel(inputs, new Date(TEST_NOW));
}

const diffOf = (before: Record<string, ClientSpec>, after: Record<string, ClientSpec>, options: Partial<Parameters<typeof diffAccess>[2]> = {}) =>
  diffAccess(modelOf({ default: before }), modelOf({ default: after }), { baseLabel: 'main (abc1234)', headLabel: 'working tree', ...options });

const changesOf = (diff: AccessDiff, client: string): Change[] => diff.clients.find((entry) => entry.client === client)?.environments.flatMap((entry) => entry.changes) ?? [];
const kinds = (diff: AccessDiff, client: string) => changesOf(diff, client).map((change) => [change.kind, change.risk]);

describe('what changes, at what risk', () => {
  it('mentions nothing when effective access is the same, even when declarations are written differently', () => {
    const diff = diffOf({ acme: {} }, { acme: { keys: { 'acme-main': { allowedIps: ['198.51.100.0-198.51.100.255'] } } } });
    expect(diff).toMatchObject({ changed: false, clients: [], counts: { clients: 0, changes: 0 } });
    expect(renderAccessDiff(diff, 'text')).toBe('No change in effective access compared with main (abc1234).');
  });

  it('routes: a write route gained is high, a read route medium, one lost low; a part of a route becoming all of it is a gain', () => {
    const diff = diffOf({ acme: { collections: ['read'] }, beta: { collections: ['one'] } }, { acme: { collections: ['health', 'write'] }, beta: { collections: ['read'] } });
    expect(kinds(diff, 'acme')).toEqual([
      ['route-gained', 'high'],
      ['route-gained', 'high'],
      ['route-gained', 'medium'],
      ['route-lost', 'low'],
      ['route-lost', 'low'],
      ['route-lost', 'low'],
    ]);
    // `GET /orders/{id}` also admits /orders/search, which the test API serves from its own resource.
    expect(changesOf(diff, 'acme').map((change) => change.message)).toEqual(['gains `POST /orders` (write)', 'gains `DELETE /orders/{id}` (write)', 'gains `GET /health`', 'loses `GET /orders`', 'loses `GET /orders/search`', 'loses `GET /orders/{id}`']);
    expect(changesOf(diff, 'beta')).toMatchObject([
      { kind: 'route-gained', risk: 'medium', message: 'gains `GET /orders`' },
      { kind: 'route-gained', risk: 'medium', message: 'gains `GET /orders/search`' },
      { kind: 'route-reach-changed', risk: 'medium', message: 'now all of `GET /orders/{id}`, was part of it: `GET /orders/42`' },
    ]);
  });

  it('IP space: widening is high and narrowing low, with address counts and the ranges that moved', () => {
    const diff = diffOf(
      { acme: { keys: { wide: { allowedIps: ['198.51.100.0/24'] }, narrow: { allowedIps: ['10.0.0.0/8'] }, moved: { allowedIps: ['192.0.2.0/25'] } } } },
      { acme: { keys: { wide: { allowedIps: ['198.51.0.0/16'] }, narrow: { allowedIps: ['10.0.0.0/24'], blockedIps: ['10.0.0.1'] }, moved: { allowedIps: ['192.0.2.128/25'] } } } },
    );
    expect(changesOf(diff, 'acme').map((change) => [change.key, change.kind, change.risk, change.message])).toEqual([
      ['wide', 'ip-widened', 'high', 'key `wide`: IP space widened by 65,280 IPv4 addresses (IPv4 256 → 65,536; allowed `198.51.100.0/24` → `198.51.0.0/16`, newly admitted `198.51.0.0-198.51.99.255`, `198.51.101.0-198.51.255.255`)'],
      ['moved', 'ip-widened', 'high', 'key `moved`: IP space widened by 128 IPv4 addresses (as many addresses, other ones; allowed `192.0.2.0/25` → `192.0.2.128/25`, newly admitted `192.0.2.128/25`)'],
      ['narrow', 'ip-narrowed', 'low', 'key `narrow`: IP space narrowed by 16,776,961 IPv4 addresses (IPv4 16,777,216 → 255; allowed `10.0.0.0/8` → `10.0.0.0/24`; blocked none → `10.0.0.1`, no longer admitted `10.0.0.1`, `10.0.1.0-10.255.255.255`)'],
      ['moved', 'ip-narrowed', 'low', 'key `moved`: IP space narrowed by 128 IPv4 addresses (as many addresses, other ones; allowed `192.0.2.0/25` → `192.0.2.128/25`, no longer admitted `192.0.2.0/25`)'],
    ]);
  });

  it('keys: added (high when it admits any address), removed, disabled, enabled again, re-dated, replaced', () => {
    const diff = diffOf(
      { acme: { keys: { gone: {}, off: {}, back: { enabled: false }, forever: { notAfter: '2027-01-01' }, later: { notAfter: '2027-01-01' }, sooner: { notAfter: '2027-01-01' }, rotated: {} } } },
      {
        acme: {
          keys: {
            off: { enabled: false },
            back: {},
            forever: {},
            later: { notAfter: '2028-01-01' },
            sooner: { notAfter: '2026-12-01' },
            rotated: { tokenHash: hash('rotated-2') },
            fenced: { allowedIps: ['192.0.2.1'] },
            open: { allowedIps: [], notAfter: '2026-07-01' },
          },
        },
      },
    );
    expect(changesOf(diff, 'acme').map((change) => [change.kind, change.risk, change.key])).toEqual([
      ['key-enabled', 'high', 'back'],
      ['key-redated', 'high', 'forever'],
      ['key-added', 'high', 'open'],
      ['key-redated', 'medium', 'later'],
      ['key-replaced', 'medium', 'rotated'],
      ['key-added', 'medium', 'fenced'],
      ['key-disabled', 'low', 'off'],
      ['key-redated', 'low', 'sooner'],
      ['key-removed', 'low', 'gone'],
    ]);
    const message = (key: string, kind: string) => changesOf(diff, 'acme').find((change) => change.key === key && change.kind === kind)?.message;
    expect(message('forever', 'key-redated')).toBe('key `forever` no longer expires (was 2027-01-01)');
    expect(message('open', 'key-added')).toBe('key `open` added: admits any address, expires 2026-07-01');
    expect(message('fenced', 'key-added')).toBe('key `fenced` added: admits 1 IPv4 address, never expires');
  });

  it('auth: a downgrade to a shared secret is high, an upgrade low; new signing material medium', () => {
    const diff = diffOf({ down: { auth: 'rsa' }, up: { auth: 'hmac' }, more: { auth: 'rsa' } }, { down: { auth: 'hmac' }, up: { auth: 'rsa' }, more: { auth: 'rsa-two-keys' } });
    expect(changesOf(diff, 'down')).toMatchObject([{ kind: 'auth-method-changed', risk: 'high', message: expect.stringMatching(/^auth downgraded: RSA \(RS256\), 1 public key: `[\w-]{43}` → HMAC \(HS256\), secret `arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-hmac-AbCdEf`$/) }]);
    expect(kinds(diff, 'up')).toEqual([['auth-method-changed', 'low']]);
    expect(changesOf(diff, 'more')).toMatchObject([{ kind: 'auth-material-changed', risk: 'medium', message: expect.stringMatching(/^public key added: `[\w-]{43}`$/) }]);
  });

  it('identity providers: another issuer or no audience check is high', () => {
    const diff = diffOf({ robots: { auth: 'oidc' }, drones: { auth: 'oidc' } }, { robots: { auth: 'oidc-elsewhere' }, drones: { auth: 'oidc-no-audience' } });
    expect(changesOf(diff, 'robots')).toMatchObject([{ risk: 'high', message: 'trusts another identity provider: `https://idp.example.com/.well-known/openid-configuration` → `https://idp.attacker.example/.well-known/openid-configuration`' }]);
    expect(changesOf(diff, 'drones')).toMatchObject([{ risk: 'high', message: 'no longer checks the token audience: any token of the provider is accepted' }]);
  });

  it('clients: re-enabled is high, disabled low; tokens without exp or mutual TLS dropped high; limits raised medium, cut low; a new owner medium', () => {
    const diff = diffOf(
      { back: { enabled: false }, off: {}, lax: {}, longer: {}, faster: { policy: 'trial' }, slower: {}, moved: {}, pinned: { mtls: { subjects: ['CN=pinned,O=Example'] } } },
      { back: {}, off: { enabled: false }, lax: { tokens: { requireExpiry: false } }, longer: { tokens: { maxLifetimeSeconds: null } }, faster: { policy: 'standard' }, slower: { policy: 'trial' }, moved: { owner: 'team-b' }, pinned: {} },
    );
    expect(changesOf(diff, 'pinned')).toMatchObject([{ kind: 'mtls-changed', risk: 'high', message: 'no longer requires a client certificate (mutual TLS)' }]);
    expect(kinds(diff, 'back')).toEqual([['client-enabled', 'high']]);
    expect(kinds(diff, 'off')).toEqual([['client-disabled', 'low']]);
    expect(changesOf(diff, 'lax')).toMatchObject([{ kind: 'token-rules-changed', risk: 'high', message: 'accepts tokens without `exp` (a leaked token never expires)' }]);
    expect(changesOf(diff, 'longer')).toMatchObject([{ kind: 'token-rules-changed', risk: 'medium', message: 'longest token lifetime 86400 s → no limit' }]);
    expect(changesOf(diff, 'faster')).toMatchObject([{ kind: 'policy-changed', risk: 'medium', message: 'access policy `trial` → `standard`: 1 request/s, burst 2, quota 1,000 per DAY → 50 requests/s, burst 100, quota 1,000,000 per MONTH' }]);
    expect(kinds(diff, 'slower')).toEqual([['policy-changed', 'low']]);
    expect(changesOf(diff, 'moved')).toMatchObject([{ kind: 'owner-changed', risk: 'medium', message: 'owner `team-a` → `team-b`' }]);
    expect(diff.clients.find((client) => client.client === 'moved')?.approval.owners).toEqual(['team-b', 'team-a']);
  });

  it('clients added and removed: a new client first, then its routes and keys, riskiest first; a removed one in one line', () => {
    const diff = diffOf({ old: {} }, { fresh: { collections: ['write'], keys: { 'fresh-main': { allowedIps: ['192.0.2.0/24'] } } } });
    expect(changesOf(diff, 'fresh').map((change) => [change.kind, change.risk])).toEqual([
      ['client-added', 'medium'],
      ['route-gained', 'high'],
      ['route-gained', 'high'],
      ['key-added', 'medium'],
    ]);
    expect(changesOf(diff, 'fresh')[0]?.message).toMatch(/^client added: "fresh client", owner `team-a`, RSA \(RS256\), 1 public key: `[\w-]{43}`; access policy `standard`: 50 requests\/s, burst 100, quota 1,000,000 per MONTH$/);
    expect(changesOf(diff, 'old')).toMatchObject([{ kind: 'client-removed', risk: 'low', message: 'client removed (it had 3 routes and 1 key)' }]);
    expect(diff.clients.map((client) => [client.client, client.risk])).toEqual([
      ['fresh', 'high'],
      ['old', 'low'],
    ]);
  });
});

describe('environments, approvals and formats', () => {
  it('groups by client, then environment, and names only the environments that changed', () => {
    const before = modelOf({ staging: { acme: {} }, production: { acme: {} } });
    const after = modelOf({ staging: { acme: { collections: ['read', 'write'] } }, production: { acme: {}, sandbox: {} } });
    const diff = diffAccess(before, after, { baseLabel: 'main', headLabel: 'working tree' });
    expect(diff.clients.map((client) => [client.client, client.environments.map((entry) => [entry.environment, entry.changes.map((change) => change.kind)])])).toEqual([
      ['acme', [['staging', ['route-gained', 'route-gained']]]],
      ['sandbox', [['production', ['client-added', 'route-gained', 'route-gained', 'route-gained', 'key-added']]]],
    ]);
    const text = renderAccessDiff(diff, 'text');
    expect(text).toContain('acme [HIGH]\n  approval: owner team-a; no CODEOWNERS line covers stacks/clients/acme.ts\n  [staging]\n    HIGH   gains POST /orders (write)');
    expect(renderAccessDiff(diff, 'markdown')).toContain('| risk | environments | change |');
  });

  it('shows environments side by side: a change made alike is one line under every environment it is made in, the rest under their own', () => {
    const before = modelOf({
      staging: { acme: { keys: { 'acme-staging': {} } } },
      production: { acme: { keys: { 'acme-prod': { allowedIps: ['203.0.113.0/24'] } } } },
    });
    const after = modelOf({
      // Both environments gain write routes; only staging's key is widened; sandbox arrives in staging alone.
      staging: { acme: { collections: ['read', 'write'], keys: { 'acme-staging': { allowedIps: ['198.51.0.0/16'] } } }, sandbox: { keys: { 'sandbox-main': {} } } },
      production: { acme: { collections: ['read', 'write'], keys: { 'acme-prod': { allowedIps: ['203.0.113.0/24'] } } } },
    });
    const diff = diffAccess(before, after, { baseLabel: 'main', headLabel: 'working tree' });
    expect(diff.environments).toEqual(['staging', 'production']);
    const acme = diff.clients.find((client) => client.client === 'acme')!;
    expect(sideBySide(acme).map(({ change, environments }) => [change.kind, change.key ?? change.message, environments])).toEqual([
      ['route-gained', 'gains `POST /orders` (write)', ['staging', 'production']],
      ['route-gained', 'gains `DELETE /orders/{id}` (write)', ['staging', 'production']],
      ['ip-widened', 'acme-staging', ['staging']],
    ]);
    // Counted once per change, not once per environment.
    expect(diff.counts).toMatchObject({ clients: 2, changes: 3 + 5, high: 3 }); // acme's 3, sandbox's arrival, 3 routes and key
    const text = renderAccessDiff(diff, 'text');
    expect(text).toContain('  [staging, production]\n    HIGH   gains POST /orders (write)\n    HIGH   gains DELETE /orders/{id} (write)\n  [staging]\n    HIGH   key acme-staging: IP space widened');
    // A client of one environment is named under it, though the diff has no other changes there.
    expect(text).toMatch(/\nsandbox \[medium\]\n {2}approval: [^\n]*\n {2}\[staging\]\n {4}medium client added/);
    const markdown = renderAccessDiff(diff, 'markdown');
    expect(markdown).toContain('| 🔴 high | `staging`, `production` | gains `POST /orders` (write) |');
    expect(markdown).toMatch(/\| 🔴 high \| `staging` \| key `acme-staging`: IP space widened/);
    // One environment: no environment names at all.
    const single = diffAccess(modelOf({ default: { acme: {} } }), modelOf({ default: { acme: { collections: ['read', 'write'] } } }), { baseLabel: 'main', headLabel: 'working tree' });
    expect(renderAccessDiff(single, 'text')).not.toContain('[default]');
    expect(renderAccessDiff(single, 'markdown')).toContain('| risk | change |');
  });

  it('names the code owners of each client file from the CODEOWNERS it is given', () => {
    const codeowners = parseCodeOwners('/stacks/clients/* @org/platform\n/stacks/clients/acme.ts @org/acme-team\n/stacks/clients/loose.ts\n', '.github/CODEOWNERS');
    const diff = diffOf({ acme: {}, beta: {}, loose: {} }, { acme: { enabled: false }, beta: { enabled: false }, loose: { enabled: false } }, { codeowners });
    expect(diff.clients.map((client) => [client.client, client.approval])).toEqual([
      ['acme', { owners: ['team-a'], files: ['stacks/clients/acme.ts'], codeowners: [{ file: 'stacks/clients/acme.ts', source: '.github/CODEOWNERS', line: 2, pattern: '/stacks/clients/acme.ts', owners: ['@org/acme-team'] }], uncovered: [] }],
      ['beta', { owners: ['team-a'], files: ['stacks/clients/beta.ts'], codeowners: [{ file: 'stacks/clients/beta.ts', source: '.github/CODEOWNERS', line: 1, pattern: '/stacks/clients/*', owners: ['@org/platform'] }], uncovered: [] }],
      ['loose', { owners: ['team-a'], files: ['stacks/clients/loose.ts'], codeowners: [{ file: 'stacks/clients/loose.ts', source: '.github/CODEOWNERS', line: 3, pattern: '/stacks/clients/loose.ts', owners: [] }], uncovered: [] }],
    ]);
    expect(diff.codeownersSource).toBe('.github/CODEOWNERS at main (abc1234)');
    expect(renderAccessDiff(diff, 'text')).toContain('approval: owner team-a; CODEOWNERS @org/acme-team for stacks/clients/acme.ts (line 2 /stacks/clients/acme.ts)');
    // A project in a subfolder of its repository: CODEOWNERS paths are the repository's.
    const nested = diffOf({ acme: {} }, { acme: { enabled: false } }, { codeowners: parseCodeOwners('/infra/gatehouse/stacks/clients/ @org/nested\n', 'CODEOWNERS'), projectPrefix: 'infra/gatehouse/' });
    expect(nested.clients[0]?.approval.codeowners[0]?.owners).toEqual(['@org/nested']);
  });

  it('writes Markdown a pull request renders: the marker, a table per client, cells that stay cells', () => {
    const diff = diffOf({}, { acme: { description: 'pipes | and *stars*', collections: ['write'] } });
    const markdown = renderAccessDiff(diff, 'markdown');
    expect(markdown.split('\n').slice(0, 4)).toEqual([ACCESS_DIFF_MARKER, '## Access review', '', '1 client changes access compared with `main (abc1234)`: 4 changes (2 high, 2 medium risk).']);
    expect(markdown).toContain('### 🔴 `acme`\n\nNeeds approval from: owner `team-a`; no CODEOWNERS line covers `stacks/clients/acme.ts`\n\n| risk | change |\n|---|---|\n| 🟠 medium | client added: ');
    expect(markdown).toContain('\n| 🔴 high | gains `POST /orders` (write) |\n');
    const row = markdown.split('\n').find((line) => line.includes('client added')) as string;
    // Each row has exactly its two cells: every other pipe is escaped.
    expect(row.replace(/\\\|/g, '').split('|').length).toBe(4);
    expect(row).toContain('"pipes \\| and \\*stars\\*"');
    const json = JSON.parse(renderAccessDiff(diff, 'json')) as AccessDiff;
    expect(json).toEqual(JSON.parse(JSON.stringify(diff)));
  });
});
