/**
 * A team's pull request, made the way README and docs/clients-as-code.md say, must pass every check the
 * suite runs on a clients folder. Into a copy of stacks/clients/ go: the README's client file with an
 * `ssh-keygen -t rsa` public key and a key minted with `gatehouse keys new`; an HMAC client; and a client
 * whose key comes from an `openssl req -x509 -days 30` certificate (which warns). Then: `gatehouse
 * validate` (the built CLI), synth of both stacks, and the real authorizer deciding tokens that
 * `gatehouse token` signs with those very keys. (Terraform applies a team-added client in
 * test/local/restart.test.ts; the example stacks' `terraform validate` and plan in test/terraform.)
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientFiles, CLIENTS_DIR } from '../../stacks/app/clients-folder';
import { synthesizeApp, type SynthesizedApp } from '../../local/local-stack';
import { authorizerEvent } from '../support/events';
import { type HandlerOverDynalite, startHandlerOverDynalite } from '../support/handler-over-dynalite';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gatehouse.js');
const HMAC_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-partner-hmac-AbCdEf';

// Client files import '../gatehouse' and '../api-catalog', so the copy sits beside stacks/clients/.
const clientsDir = mkdtempSync(join(ROOT, 'stacks', '.tmp-clients-'));
const work = mkdtempSync(join(tmpdir(), 'gatehouse-new-clients-'));
const file = (name: string) => join(work, name);
afterAll(() => {
  rmSync(clientsDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function gatehouse(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
}

/** `gatehouse keys new --name <key>` as README step 2 runs it: the token for the client, the hash for the file. */
async function mintKey(name: string): Promise<{ token: string; tokenHash: string }> {
  const { stdout, code } = await gatehouse(['keys', 'new', '--name', name]);
  expect(code).toBe(0);
  return { token: /^ {2}(gatehouse_\S+)$/m.exec(stdout)?.[1] as string, tokenHash: /^ {2}(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1] as string };
}

/** The client file README's "Adding a client in a pull request" shows, with the partner's key and the minted hash filled in. */
function readmeClientFile(publicKey: string, tokenHash: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Adding a client in a pull request'));
  const snippet = (/```ts\n([\s\S]*?)```/.exec(section)?.[1] as string).replace(/^ {3}/gm, '');
  expect(snippet).toContain('sha256:…');
  return snippet.replace(/`-----BEGIN PUBLIC KEY-----[^`]*`/, JSON.stringify(publicKey)).replace('sha256:…', tokenHash);
}

const keys: Record<'acme' | 'billing' | 'cert', { token: string; tokenHash: string }> = {} as never;
let hmacSecret: string;

beforeAll(async () => {
  for (const name of readdirSync(CLIENTS_DIR).filter((entry) => entry.endsWith('.ts'))) copyFileSync(join(CLIENTS_DIR, name), join(clientsDir, name));

  // 1. The partner's key pair, from ssh-keygen as README suggests; they send id_rsa.pub.
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', file('id_rsa'), '-C', 'acme-partner'], { stdio: 'pipe' });
  keys.acme = await mintKey('acme-partner-staging');
  writeFileSync(join(clientsDir, 'acme-partner.ts'), readmeClientFile(readFileSync(file('id_rsa.pub'), 'utf8').trim(), keys.acme.tokenHash));

  // 2. An HMAC client whose secret lives in Secrets Manager (docs/clients-as-code.md, Auth methods).
  hmacSecret = execFileSync('openssl', ['rand', '-base64', '32']).toString().trim();
  keys.billing = await mintKey('billing-partner-main');
  writeFileSync(
    join(clientsDir, 'billing-partner.ts'),
    `import type { ClientDeclaration } from '../api-catalog';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../gatehouse';

const billingPartner: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'billing-partner', {
    description: 'Billing partner export',
    owner: 'team-billing',
    auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('${HMAC_SECRET_ARN}')] }),
    policy: policies.standard,
    collections: [collections.invoices],
  });
  new ApiKey(scope, 'billing-partner-main', { client, environment: 'staging', tokenHash: '${keys.billing.tokenHash}' });
};
export default billingPartner;
`,
  );

  // 3. A client that sends a certificate: openssl req -x509 with 30 days left, which synth warns about.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:3072', '-nodes', '-keyout', file('cert.key'), '-out', file('cert.pem'), '-days', '30', '-subj', '/CN=cert-partner'], { stdio: 'pipe' });
  keys.cert = await mintKey('cert-partner-main');
  writeFileSync(
    join(clientsDir, 'cert-partner.ts'),
    `import type { ClientDeclaration } from '../api-catalog';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

const CERTIFICATE = ${JSON.stringify(readFileSync(file('cert.pem'), 'utf8'))};

const certPartner: ClientDeclaration = (scope, { policies, collections }) => {
  const client = new ApiClient(scope, 'cert-partner', {
    description: 'Partner signing with the key of its certificate',
    owner: 'team-partner-integrations',
    auth: ClientAuth.rsa({ publicKeys: [CERTIFICATE] }),
    policy: policies.standard,
    collections: [collections.orders],
  });
  new ApiKey(scope, 'cert-partner-main', { client, environment: 'staging', tokenHash: '${keys.cert.tokenHash}' });
};
export default certPartner;
`,
  );
});

it('passes gatehouse validate, warning about the HMAC client and the expiring certificate', async () => {
  const result = await gatehouse(['validate', '--clients-dir', clientsDir]);
  expect(result.stdout).toMatch(/^0 error\(s\), \d+ warning\(s\)$/m);
  expect(result.code).toBe(0);
  const warnings = result.stdout.split('\n').filter((line) => line.startsWith('WARNING'));
  expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/billing-partner.*auth = "hmac"/), expect.stringMatching(/cert-partner.*is a certificate that expires in (29|30) days/)]));
  expect(warnings.filter((line) => line.includes('acme-partner'))).toEqual([]);
});

describe('synthesized', () => {
  let outdir: string;
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'gatehouse-new-clients-synth-'));
    synthesized = synthesizeApp(outdir, { clientFiles: loadClientFiles(clientsDir), localState: 'allow' });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('declares the new clients\' keys in both stacks', () => {
    for (const catalog of [synthesized.app.environments[0]!.platform.catalog, synthesized.app.localData.catalog]) {
      expect(catalog.keys.map((key) => `${key.client.name}/${key.name}`)).toEqual(expect.arrayContaining(['acme-partner/acme-partner-staging', 'billing-partner/billing-partner-main', 'cert-partner/cert-partner-main']));
    }
  });

  describe('decided by the authorizer, with tokens gatehouse token signs', () => {
    let authorizer: HandlerOverDynalite;
    beforeAll(async () => {
      const catalog = synthesized.app.localData.catalog;
      const records = catalog.keys.filter((key) => ['acme-partner', 'billing-partner', 'cert-partner'].includes(key.client.name)).map((key) => catalog.recordFor(key));
      expect(records.every(Boolean)).toBe(true);
      authorizer = await startHandlerOverDynalite(records as NonNullable<(typeof records)[number]>[], { secrets: { [HMAC_SECRET_ARN]: hmacSecret } });
    });
    afterAll(async () => authorizer?.close());

    async function tokenFor(client: string, key: { token: string }, ...signing: string[]): Promise<string> {
      const result = await gatehouse(['token', client, ...signing], { GATEHOUSE_API_KEY: key.token });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout.trim();
    }

    it('allows the ssh-keygen client from its allowed range, and denies its blocked address', async () => {
      const token = await tokenFor('acme-partner', keys.acme, '--private-key', file('id_rsa'));
      const allowed = await authorizer.invoke(authorizerEvent({ authorization: `Bearer ${token}`, sourceIp: '198.51.100.7', path: '/orders' }));
      expect(allowed.log).toMatchObject({ outcome: 'allow', client: 'acme-partner', key: 'acme-partner-staging' });
      const blocked = await authorizer.invoke(authorizerEvent({ authorization: `Bearer ${token}`, sourceIp: '198.51.100.13', path: '/orders' }));
      expect(blocked.log).toMatchObject({ outcome: 'deny', reason: 'ip_blocked' });
    });

    it('allows the HMAC client signing with the secret file written without a newline', async () => {
      writeFileSync(file('hmac-secret.txt'), hmacSecret);
      const token = await tokenFor('billing-partner', keys.billing, '--secret-file', file('hmac-secret.txt'));
      const answer = await authorizer.invoke(authorizerEvent({ authorization: `Bearer ${token}`, path: '/invoices' }));
      expect(answer.log).toMatchObject({ outcome: 'allow', client: 'billing-partner' });
    });

    it('allows the certificate client signing with the certificate\'s private key', async () => {
      const token = await tokenFor('cert-partner', keys.cert, '--private-key', file('cert.key'));
      const answer = await authorizer.invoke(authorizerEvent({ authorization: `Bearer ${token}`, path: '/orders' }));
      expect(answer.log).toMatchObject({ outcome: 'allow', client: 'cert-partner' });
    });
  });
});
