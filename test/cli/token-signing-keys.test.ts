/**
 * `gatehouse token` with a client's own signing key, made the way the README and the client's tools make
 * them: ssh-keygen (OpenSSH private keys), openssl (PKCS#1, PKCS#8, certificates), shared secrets in
 * files. Tokens are verified independently (public keys converted by ssh-keygen itself, HMAC recomputed
 * with node:crypto over the exact secret bytes); every mistake must be refused with a message naming it.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { buildProgram } from '../../bin/cli/main';
import { mintApiKeyToken } from '../../record/api-key-token';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-signing-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const apiKey = mintApiKeyToken();

async function token(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const program = buildProgram({ out: (text) => stdout.push(text), err: (text) => stderr.push(text) }).exitOverride();
  for (const command of program.commands) command.exitOverride();
  let exitCode = 0;
  process.env.GATEHOUSE_API_KEY = apiKey;
  try {
    await program.parseAsync(['node', 'gatehouse', 'token', 'partner', ...args]);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    exitCode = typeof code === 'number' ? code : 1;
    if (code === undefined) stderr.push((error as Error).message);
  } finally {
    delete process.env.GATEHOUSE_API_KEY;
  }
  return { stdout: stdout.join('\n'), stderr: stderr.join('\n'), exitCode };
}

const sshKeygen = (...args: string[]) => execFileSync('ssh-keygen', ['-q', ...args], { stdio: 'pipe' });
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

describe('--private-key', () => {
  beforeAll(() => {
    sshKeygen('-t', 'rsa', '-b', '3072', '-N', '', '-f', file('id_rsa'), '-C', 'partner@example');
    sshKeygen('-t', 'rsa', '-b', '2048', '-N', 'a passphrase', '-f', file('id_rsa_locked'));
    sshKeygen('-t', 'ed25519', '-N', '', '-f', file('id_ed25519'));
    openssl('genrsa', '-traditional', '-out', file('pkcs1.pem'), '2048');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('ec.pem'));
    openssl('req', '-x509', '-key', file('pkcs1.pem'), '-days', '30', '-subj', '/CN=partner', '-out', file('cert.pem'));
  });

  it('signs with an ssh-keygen private key (OpenSSH format), verifiable with its id_rsa.pub', async () => {
    expect(readFileSync(file('id_rsa'), 'utf8')).toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
    const result = await token('--private-key', file('id_rsa'));
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    // ssh-keygen converts its own public key to PEM: the check does not go through the code under test.
    const publicKey = createPublicKey(sshKeygen('-e', '-m', 'PKCS8', '-f', file('id_rsa.pub')).toString());
    const { payload, protectedHeader } = await jwtVerify(result.stdout, publicKey, { algorithms: ['RS256'] });
    expect([protectedHeader.alg, payload['https://gatehouse.dev/sub']]).toEqual(['RS256', apiKey]);
  });

  it('signs with a PKCS#1 PEM key (openssl genrsa -traditional)', async () => {
    const result = await token('--private-key', file('pkcs1.pem'));
    const publicKey = createPublicKey(openssl('rsa', '-in', file('pkcs1.pem'), '-pubout').toString());
    await expect(jwtVerify(result.stdout, publicKey, { algorithms: ['RS256'] })).resolves.toBeTruthy();
  });

  it.each([
    ['id_rsa.pub', 'holds a public key; pass the private key, which stays with the client (for ssh-keygen, the file without .pub: id_rsa, not id_rsa.pub)'],
    ['cert.pem', 'holds a certificate (the public half); pass the private key'],
    ['id_ed25519', 'is an ed25519 key; RS256 needs an RSA key'],
    ['ec.pem', 'is an ec key; RS256 needs an RSA key'],
    ['id_rsa_locked', 'is encrypted with a passphrase; decrypt a copy first'],
    ['not-a-key.txt', 'is not a private key Gatehouse can read'],
  ])('refuses %s, saying what it is', async (name, message) => {
    if (name === 'not-a-key.txt') writeFileSync(file(name), 'hello');
    const result = await token('--private-key', file(name));
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain(`${file(name)} ${message}`);
  });

  it('refuses a public key in PEM form too', async () => {
    writeFileSync(file('public.pem'), openssl('rsa', '-in', file('pkcs1.pem'), '-pubout'));
    expect((await token('--private-key', file('public.pem'))).stderr).toContain('holds a public key');
  });
});

describe('--secret-file and GATEHOUSE_HMAC_SECRET', () => {
  /** HS256 recomputed with node:crypto over exactly these bytes. */
  function signedWith(jwt: string, secretBytes: Buffer): boolean {
    const [header, payload, signature] = jwt.split('.');
    return createHmac('sha256', secretBytes).update(`${header}.${payload}`).digest('base64url') === signature;
  }

  it('signs HS256 with the file\'s exact UTF-8 text, as jwt.io would', async () => {
    const secret = 'ünïcødé-secret-of-more-than-32-bytes-€';
    writeFileSync(file('secret.txt'), secret, 'utf8');
    const result = await token('--secret-file', file('secret.txt'));
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(decodeProtectedHeader(result.stdout).alg).toBe('HS256');
    expect(signedWith(result.stdout, Buffer.from(secret, 'utf8'))).toBe(true);
    expect(decodeJwt(result.stdout)['https://gatehouse.dev/sub']).toBe(apiKey);
  });

  it.each([
    ['a trailing newline (openssl rand -base64 32 > file)', `${'A'.repeat(44)}\n`, 'ends with whitespace (a newline?). The secret is used as its exact UTF-8 text, as jwt.io does'],
    ['leading spaces', `  ${'A'.repeat(44)}`, 'starts with whitespace'],
    ['a byte-order mark', `\ufeff${'A'.repeat(44)}`, 'starts with whitespace'],
    ['16 bytes', 'A'.repeat(16), 'is 16 bytes; HS256 needs at least 32'],
  ])('refuses a secret file with %s', async (_what, content, message) => {
    writeFileSync(file('bad-secret.txt'), content, 'utf8');
    const result = await token('--secret-file', file('bad-secret.txt'));
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain(`the secret in ${file('bad-secret.txt')} ${message}`);
    expect(result.stderr).not.toContain('AAAAAAAAAAAAAAAA');
  });

  it('names both problems of a short secret with a newline', async () => {
    writeFileSync(file('short-newline.txt'), 'short\n');
    const result = await token('--secret-file', file('short-newline.txt'));
    expect(result.stderr).toMatch(/is 6 bytes; HS256 needs at least 32.*; and it ends with whitespace/);
  });

  it('refuses a secret file that is not UTF-8 text', async () => {
    writeFileSync(file('binary.bin'), Buffer.from([0xff, 0xfe, 0x80, ...Array.from({ length: 40 }, () => 0x41)]));
    expect((await token('--secret-file', file('binary.bin'))).stderr).toContain('is not UTF-8 text; the secret is used as its exact UTF-8 text');
  });

  it('checks GATEHOUSE_HMAC_SECRET the same way', async () => {
    process.env.GATEHOUSE_HMAC_SECRET = 'too-short';
    try {
      expect(await token()).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('GATEHOUSE_HMAC_SECRET is 9 bytes; HS256 needs at least 32') });
      process.env.GATEHOUSE_HMAC_SECRET = 'B'.repeat(32);
      const result = await token();
      expect(signedWith(result.stdout, Buffer.from('B'.repeat(32)))).toBe(true);
    } finally {
      delete process.env.GATEHOUSE_HMAC_SECRET;
    }
  });
});
