/**
 * The operator CLI, command by command, run in-process with captured output (the built binary has its
 * own tests in binary.test.ts; signing keys and secrets in token-signing-keys.test.ts). `explain`
 * against a local run is covered by test/local/quickstart.test.ts; here it runs against a table reached
 * the way AWS would be (--table, SDK settings).
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { jwtVerify, decodeProtectedHeader, decodeJwt } from 'jose';
import { declaredKeyHash, isGatehouseKeyToken } from '../../record/api-key-token';
import { demoMaterial } from '../../stacks/app/demo-material';
import { localEnvironmentOf } from '../../stacks/app/gatehouse-app';
import { normalisePublicKey } from '../../stacks/model/public-keys';
import { type HandlerOverDynalite, startHandlerOverDynalite, TABLE_NAME } from '../support/handler-over-dynalite';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { gatehouseInProcess } from '../support/cli-in-process';
import { testKey } from '../support/records';
import { freshClaims, signRs256 } from '../support/tokens';

const ROOT = join(__dirname, '..', '..');

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** A temporary directory, removed after the tests. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const gatehouse = gatehouseInProcess;

describe('gatehouse keys new', () => {
  it('mints a token once and prints the hash to commit', async () => {
    const { stdout, exitCode } = await gatehouse('keys', 'new', '--name', 'acme-prod');
    const token = /^ {2}(gatehouse_\w+)$/m.exec(stdout)?.[1] as string;
    expect(isGatehouseKeyToken(token)).toBe(true);
    expect(stdout).toContain(`  ${declaredKeyHash(token)}`);
    expect(stdout).toContain(`new ApiKey(scope, 'acme-prod', { client, tokenHash: '${declaredKeyHash(token)}' });`);
    expect(exitCode).toBe(0);
  });

  it('prints JSON for scripts', async () => {
    const { token, tokenHash } = JSON.parse((await gatehouse('keys', 'new', '--json')).stdout) as { token: string; tokenHash: string };
    expect(tokenHash).toBe(declaredKeyHash(token));
  });

  it.each(['Acme-Prod', 'acme_prod', '-acme', 'acme-', 'a'.repeat(65), 'acme prod', ''])('refuses %j, which is not a valid key name, minting nothing', async (name) => {
    const result = await gatehouse('keys', 'new', '--name', name);
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain(`--name ${JSON.stringify(name)} is not a valid key name: use 1 to 64 lowercase letters, digits and dashes`);
  });

  it.each(['a', 'acme-prod-2027', 'a'.repeat(64)])('accepts %j', async (name) => {
    expect(await gatehouse('keys', 'new', '--name', name)).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`new ApiKey(scope, '${name}'`) });
  });
});

describe('gatehouse keys hash', () => {
  it('hashes a token', async () => {
    const token = demoMaterial().tokens['acme-logistics-prod'];
    expect((await gatehouse('keys', 'hash', token)).stdout).toBe(declaredKeyHash(token));
  });

  it('notes when the value is not a key the authorizer recognises', async () => {
    const result = await gatehouse('keys', 'hash', 'password123');
    expect([result.stdout, result.stderr]).toEqual([declaredKeyHash('password123'), expect.stringContaining('neither a Gatehouse token nor a known imported format')]);
  });
});

describe('gatehouse keys rsa', () => {
  it('writes a private key only its owner can read, and a public key Gatehouse accepts', async () => {
    const dir = tempDir('keys-');
    const { stdout, exitCode } = await gatehouse('keys', 'rsa', '--out', dir, '--name', 'partner');
    expect(exitCode).toBe(0);
    expect(statSync(join(dir, 'partner.private.pem')).mode & 0o777).toBe(0o600);
    const publicPem = readFileSync(join(dir, 'partner.public.pem'), 'utf8');
    expect(stdout).toContain(publicPem.trim());
    const normalised = normalisePublicKey(publicPem);
    expect(normalised.ok && normalised.key.bits).toBe(3072);
    expect(createPublicKey(createPrivateKey(readFileSync(join(dir, 'partner.private.pem')))).export({ format: 'pem', type: 'spki' })).toBe(publicPem);
  });

  it('refuses to overwrite a private key, and weak sizes', async () => {
    const dir = tempDir('keys-');
    await gatehouse('keys', 'rsa', '--out', dir);
    expect(await gatehouse('keys', 'rsa', '--out', dir)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('not overwriting a private key') });
    expect(await gatehouse('keys', 'rsa', '--bits', '1024', '--out', dir)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('at least 2048') });
  });
});

describe('gatehouse token', () => {
  const material = demoMaterial();
  const acmePublic = createPublicKey(material.rsa['acme-logistics'].publicKeyPem);

  it('signs RS256 for a demo client from its name alone', async () => {
    const { stdout } = await gatehouse('token', 'acme-logistics');
    const { payload, protectedHeader } = await jwtVerify(stdout, acmePublic, { algorithms: ['RS256'] });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload['https://gatehouse.dev/sub']).toBe(material.tokens['acme-logistics-prod']);
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });

  it.each([
    ['kid', (token: string) => decodeProtectedHeader(token).kid],
    ['sub', (token: string) => decodeJwt(token).sub],
    ['short', (token: string) => decodeJwt(token).gatehouse_sub],
  ])('puts the key in %s', async (placement, read) => {
    const { stdout } = await gatehouse('token', 'acme-logistics', '--placement', placement);
    expect(read(stdout)).toBe(material.tokens['acme-logistics-prod']);
  });

  it('uses the reference platform\'s claim names with --preset workato, and --lifetime', async () => {
    const payload = decodeJwt((await gatehouse('token', 'acme-logistics', '--preset', 'workato', '--lifetime', '60')).stdout);
    expect(payload['https://www.workato.com/sub']).toBe(material.tokens['acme-logistics-prod']);
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
  });

  it('signs HS256 for the HMAC demo client', async () => {
    const { stdout } = await gatehouse('token', 'legacy-billing');
    await expect(jwtVerify(stdout, Buffer.from(material.hmacSecret), { algorithms: ['HS256'] })).resolves.toBeTruthy();
  });

  it('signs for any client with its private key file and the key from the environment', async () => {
    const dir = tempDir('keys-');
    const pair = rsaKeyPair();
    writeFileSync(join(dir, 'private.pem'), pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    process.env.GATEHOUSE_API_KEY = material.tokens['trial-sandbox-main'];
    try {
      const { stdout } = await gatehouse('token', 'someone', '--private-key', join(dir, 'private.pem'));
      expect((await jwtVerify(stdout, pair.publicKey)).payload['https://gatehouse.dev/sub']).toBe(material.tokens['trial-sandbox-main']);
    } finally {
      delete process.env.GATEHOUSE_API_KEY;
    }
  });

  it('binds the token to a client certificate with --bind-cert (RFC 8705 cnf x5t#S256)', async () => {
    const certificate = demoMaterial().pki.clients['secure-payments'].pem;
    const dir = tempDir('cert-');
    writeFileSync(join(dir, 'client.pem'), certificate);
    const payload = decodeJwt((await gatehouse('token', 'secure-payments', '--bind-cert', join(dir, 'client.pem'))).stdout);
    expect(payload.cnf).toEqual({ 'x5t#S256': createHash('sha256').update(new X509Certificate(certificate).raw).digest('base64url') });
  });

  it.each(['nosuch-client', 'constructor', '__proto__'])('says %s is an unknown client and lists the clients it signs for by name', async (client) => {
    const result = await gatehouse('token', client);
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain(`unknown client "${client}"`);
    for (const demo of ['acme-logistics', 'trial-sandbox', 'secure-payments', 'legacy-billing', 'northwind-idp']) expect(result.stderr).toContain(demo);
    expect(result.stderr).toContain('--private-key <file> (RS256) or --secret-file <file> (HS256)');
  });

  it('asks for the API key of a client it has a signing key for but no key token', async () => {
    const dir = tempDir('keys-');
    writeFileSync(join(dir, 'private.pem'), rsaKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(await gatehouse('token', 'someone', '--private-key', join(dir, 'private.pem'))).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('no API key for someone: pass --api-key-file or set GATEHOUSE_API_KEY') });
  });

  it('refuses --private-key together with --secret-file instead of picking one', async () => {
    const dir = tempDir('keys-');
    writeFileSync(join(dir, 'private.pem'), rsaKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(dir, 'secret.txt'), 'x'.repeat(40));
    const result = await gatehouse('token', 'acme-logistics', '--private-key', join(dir, 'private.pem'), '--secret-file', join(dir, 'secret.txt'));
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain("option '--private-key <file>' cannot be used with option '--secret-file <file>'");
  });

  it('refuses an unknown placement', async () => {
    expect(await gatehouse('token', 'acme-logistics', '--placement', 'header')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('Allowed choices are namespaced, short, kid, sub') });
  });
});

describe('gatehouse explain --table', () => {
  let env: HandlerOverDynalite;
  const pair = rsaKeyPair();
  let token: string;
  beforeAll(async () => {
    const key = testKey({ auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] }, blockedIps: ['198.51.100.9'] });
    env = await startHandlerOverDynalite([key.record]);
    token = signRs256(pair.privateKey, freshClaims({ gatehouse_sub: key.token }));
  });
  afterAll(async () => env.close());

  it('allows, step by step, exiting 0', async () => {
    const result = await gatehouse('explain', token, '--table', TABLE_NAME, '--ip', '198.51.100.1', '--path', '/orders/7');
    expect(result.stdout).toContain('✔ routes       GET /orders/7 is in the client\'s collections');
    expect(result.stdout).toContain('Outcome: 200 allow (ok) — client "acme", key "primary"');
    expect(result.exitCode).toBe(0);
  });

  it('shows where a denial happens, exiting 2', async () => {
    const result = await gatehouse('explain', token, '--table', TABLE_NAME, '--ip', '198.51.100.9');
    expect(result.stdout).toMatch(/✘ ip-rules +ip_blocked: 198\.51\.100\.9 is blocked by "198\.51\.100\.9"/);
    expect(result.exitCode).toBe(2);
  });

  it('shows a 401 before the lookup for a token that is not a JWT, exiting 2', async () => {
    const result = await gatehouse('explain', 'not-a-jwt', '--table', TABLE_NAME);
    expect(result.stdout).toContain('✘ decode');
    expect(result.stdout).toContain('Outcome: 401 unauthorized (token_malformed)');
    expect(result.exitCode).toBe(2);
  });

  it('takes the method in any case and the path with or without its leading slash', async () => {
    const result = await gatehouse('explain', token, '--table', TABLE_NAME, '--ip', '198.51.100.1', '--method', 'get', '--path', 'orders/7');
    expect(result.stdout).toMatch(/^Decision for GET \/orders\/7 from 198\.51\.100\.1$/m);
    expect(result.stdout).toContain('✔ routes       GET /orders/7 is in the client\'s collections');
    expect(result.exitCode).toBe(0);
  });

  it.each([
    [['--method', 'fetch'], '--method "fetch" is not an HTTP method API Gateway serves; use one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
    [['--method', 'ANY'], '--method "ANY" is not an HTTP method'],
    [['--path', 'https://api.example.com/prod/orders'], '--path takes the resource path only (/orders/42), not a URL'],
    [['--path', '/orders?page=2'], '--path "/orders?page=2" is not a resource path'],
    [['--path', '/orders /7'], '--path "/orders /7" is not a resource path'],
  ])('refuses %j before deciding anything, exiting 1', async (options, message) => {
    const result = await gatehouse('explain', token, '--table', TABLE_NAME, ...options);
    expect(result).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringContaining(message) });
  });

  it('documents its exit statuses in its help', async () => {
    const result = await gatehouse('explain', '--help');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('Exit status: 0 when the request would be allowed, 2 when it would be refused (401, 403 or 500; the outcome line says which), 1 when the command itself failed');
  });
});

describe('gatehouse validate', () => {
  // The example clients are a team's to change: only their outcome is checked, never their warnings.
  it('passes the example clients, counting what it lists', async () => {
    const result = await gatehouse('validate');
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('WARNING '));
    expect(result.stdout).toMatch(new RegExp(`^0 error\\(s\\), ${warnings.length} warning\\(s\\)$`, 'm'));
    expect(result.exitCode).toBe(0);
  });

  it('lists every problem of a broken clients folder and exits 1', async () => {
    const dir = mkdtempSync(join(ROOT, 'test', 'cli', '.tmp-clients-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'broken.ts'),
      `import { ApiClient, ApiKey, ClientAuth } from '../../../stacks/gatehouse';
export default (scope: any, { collections }: any) => {
  const client = new ApiClient(scope, 'broken', { description: 'x', owner: 'team', auth: ClientAuth.rsa({ publicKeys: ['not a key'] }), collections: [collections.orders] });
  new ApiKey(scope, 'broken-key', { client, environment: ${JSON.stringify(localEnvironmentOf().name)}, tokenHash: 'sha256:nope', allowedIps: ['123.456.123.456'] });
};
`,
    );
    const result = await gatehouse('validate', '--clients-dir', dir);
    const file = relative(ROOT, join(dir, 'broken.ts'));
    // Once each, though the file is declared in the AWS and the local stack: its file, construct, rule code and field.
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('ERROR '));
    expect(errors.map((line) => /^ERROR (\S+) \((\S+)\) (\S+) (\S+) = /.exec(line)?.slice(1))).toEqual([
      [file, 'broken/broken', 'client/description-missing', 'description'],
      [file, 'broken/broken', 'client/public-key-invalid', 'auth.publicKeys[0]'],
      [file, 'broken/broken-key', 'key/hash-invalid', 'tokenHash'],
      [file, 'broken/broken-key', 'key/ip-entry-invalid', 'allowedIps[0]'],
    ]);
    expect(errors.every((line) => / Fix: \S/.test(line) && !line.includes('    at '))).toBe(true);
    expect(result.exitCode).toBe(1);
  });
});
