/**
 * Restarting the local run: the table's data and Terraform's state are kept, so a restart with the same
 * clients runs no Terraform and loads no items, while a changed client is always written (and a removed
 * key deleted) before the run is ready, without Terraform when the table itself is unchanged. A team's own HMAC client, with its secret added to the secrets file, keeps working across
 * restarts. The clients folder holds only this test's own client files (never the examples).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { type LocalRun, startLocalRun } from '../../local/start';
import { localEnvironmentOf } from '../../stacks/app/gatehouse-app';
import { bearer, freshClaims, signHs256, signRs256 } from '../support/tokens';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
const HMAC_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:restart-hmac-AbCdEf';
const OTHER_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:someone-elses-Zz9Yx8';
const hmacSecret = 'H'.repeat(40);
// The keys belong to the environment the local run serves.
const LOCAL_ENVIRONMENT = localEnvironmentOf().name;

const stateDir = mkdtempSync(join(tmpdir(), 'gatehouse-restart-'));
const clientsDir = mkdtempSync(join(ROOT, 'stacks', '.tmp-clients-'));
afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(clientsDir, { recursive: true, force: true });
});

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyA = mintApiKeyToken();
const keyB = mintApiKeyToken();
const hmacKey = mintApiKeyToken();

/** A client file as a team writes it: one RSA client with the given key, one HMAC client on `billingCollection`. */
function clientFile(keyName: string, token: string, billingCollection = 'invoices'): string {
  return `import type { ClientDeclaration } from '../api-catalog';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../gatehouse';

const team: ClientDeclaration = (scope, { policies, collections }) => {
  const partner = new ApiClient(scope, 'restart-partner', {
    description: 'Restart test partner',
    owner: 'team-test',
    auth: ClientAuth.rsa({ publicKeys: [${JSON.stringify(publicKey.export({ format: 'pem', type: 'spki' }))}] }),
    policy: policies.standard,
    collections: [collections.orders],
  });
  new ApiKey(scope, '${keyName}', { client: partner, environment: '${LOCAL_ENVIRONMENT}', tokenHash: '${declaredKeyHash(token)}' });
  const billing = new ApiClient(scope, 'restart-billing', {
    description: 'Restart test HMAC client',
    owner: 'team-test',
    auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('${HMAC_ARN}')] }),
    policy: policies.standard,
    collections: [collections.${billingCollection}],
  });
  new ApiKey(scope, 'restart-billing-main', { client: billing, environment: '${LOCAL_ENVIRONMENT}', tokenHash: '${declaredKeyHash(hmacKey)}' });
};
export default team;
`;
}

async function startAndStop(check: (run: LocalRun) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const run = await startLocalRun({ port: 0, mutualTlsPort: 0, httpApiPort: 0, stateDir, clientsDir, announce: false, progress: (line) => lines.push(line) });
  try {
    await check(run);
  } finally {
    await run.close();
  }
  return lines;
}

async function status(run: LocalRun, path: string, token: string): Promise<number> {
  return (await fetch(`${run.state.gatewayUrl}${path}`, { headers: { authorization: bearer(token) } })).status;
}

const rsaToken = (key: string) => signRs256(privateKey, freshClaims({ 'https://gatehouse.dev/sub': key }));
const hmacToken = () => signHs256(hmacSecret, freshClaims({ 'https://gatehouse.dev/sub': hmacKey }));
const TERRAFORM_RAN = /✓ applying the key table with Terraform/;
const NOTHING_RUN = '✓ the local stack is as the last start left it: no client changed, so no Terraform run and no items loaded';

it('applies the first start with Terraform, keeping the secrets a user added', async () => {
  writeFileSync(join(clientsDir, 'team.ts'), clientFile('restart-partner-a', keyA));
  writeFileSync(join(stateDir, 'secrets.json'), JSON.stringify({ [HMAC_ARN]: hmacSecret, [OTHER_ARN]: 'kept as it is' }));
  const lines = await startAndStop(async (run) => {
    expect(await status(run, '/orders', rsaToken(keyA))).toBe(200);
    expect(await status(run, '/invoices', hmacToken())).toBe(200);
  });
  expect(lines.join('\n')).toMatch(TERRAFORM_RAN);
  expect(lines.join('\n')).not.toContain('restart-billing": '); // no warning about its secret
  expect(JSON.parse(readFileSync(join(stateDir, 'secrets.json'), 'utf8'))).toMatchObject({ [HMAC_ARN]: hmacSecret, [OTHER_ARN]: 'kept as it is' });
});

it('restarts with unchanged clients without Terraform, serving the kept table', async () => {
  const lines = await startAndStop(async (run) => {
    expect(await status(run, '/orders', rsaToken(keyA))).toBe(200);
    expect(await status(run, '/invoices', hmacToken())).toBe(200);
  });
  expect(lines.join('\n')).toContain(NOTHING_RUN);
  expect(lines.join('\n')).not.toContain('loading');
  expect(lines.join('\n')).not.toMatch(TERRAFORM_RAN);
});

it('writes changed clients before the run is ready, without Terraform: a removed key is gone, a new one works, a changed client is changed', async () => {
  // A new file name: the old module stays cached in this process, as it would not in a new npm start.
  rmSync(join(clientsDir, 'team.ts'));
  writeFileSync(join(clientsDir, 'team-rotated.ts'), clientFile('restart-partner-b', keyB, 'orders'));
  const lines = await startAndStop(async (run) => {
    expect(await status(run, '/orders', rsaToken(keyA))).toBe(401);
    expect(await status(run, '/orders', rsaToken(keyB))).toBe(200);
    expect(await status(run, '/invoices', hmacToken())).toBe(403);
    expect(await status(run, '/orders', hmacToken())).toBe(200);
  });
  expect(lines.join('\n')).toContain('✓ the key table is as the last start left it: no Terraform run');
  expect(lines.join('\n')).not.toMatch(TERRAFORM_RAN);
  expect(lines.join('\n')).toMatch(/✓ loading 2 key items \(BatchWriteItem\)[^\n]*\n {4}2 written, 1 deleted, 0 unchanged/);
});

it('starts the kept table afresh when its Terraform state is lost, rather than failing every start', async () => {
  rmSync(join(stateDir, 'cdktf.out', 'stacks', 'gatehouse-local', 'terraform.tfstate'));
  const lines = await startAndStop(async (run) => {
    expect(await status(run, '/orders', rsaToken(keyB))).toBe(200);
    expect(await status(run, '/orders', hmacToken())).toBe(200);
  });
  expect(lines.join('\n')).toMatch(/the kept table could not be updated \(terraform apply failed[^\n]*\); starting it afresh\n(.*\n)* {2}✓ applying the key table with Terraform [\d.]+ \(/);
});

it('refuses a second run on the same state folder instead of sharing its table', async () => {
  await startAndStop(async () => {
    await expect(startLocalRun({ port: 0, mutualTlsPort: 0, httpApiPort: 0, stateDir, clientsDir, announce: false })).rejects.toThrow(`another local run (pid ${process.pid}) is using ${stateDir}`);
  });
});
