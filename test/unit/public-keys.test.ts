import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rsaThumbprint } from '../../record/signing';
import { normalisePublicKey } from '../../stacks/model/public-keys';
import { selfSignedCertificate } from '../support/certificates';
import { rsaKeyPair } from '../support/keys';
import { calculateJwkThumbprint } from 'jose';
import { testTempDir } from '../support/temporary';

const pair = rsaKeyPair();
const jwk = pair.publicKey.export({ format: 'jwk' }) as { n: string; e: string };

describe('RSA public keys as users paste them', () => {
  it.each([
    ['SPKI PEM', () => pair.publicKey.export({ format: 'pem', type: 'spki' }) as string, 'spki'],
    ['PKCS#1 PEM', () => pair.publicKey.export({ format: 'pem', type: 'pkcs1' }) as string, 'pkcs1'],
    ['JWK', () => JSON.stringify({ kty: 'RSA', n: jwk.n, e: jwk.e, kid: 'partner-2026' }), 'jwk'],
    ['PEM with surrounding blank lines', () => `\n\n${pair.publicKey.export({ format: 'pem', type: 'spki' }) as string}\n`, 'spki'],
  ])('accepts %s and normalises it to the same JWK', (_, text, format) => {
    const result = normalisePublicKey(text());
    expect(result.ok && result.key.format).toBe(format);
    expect(result.ok && result.key.record).toMatchObject({ kty: 'RSA', n: jwk.n, e: jwk.e });
  });

  it('accepts an ssh-keygen -t rsa public key', () => {
    const dir = testTempDir('ssh');
    execFileSync('ssh-keygen', ['-t', 'rsa', '-b', '2048', '-N', '', '-q', '-f', join(dir, 'id_rsa')]);
    const line = readFileSync(join(dir, 'id_rsa.pub'), 'utf8');
    expect(line).toMatch(/^ssh-rsa AAAA/);
    const result = normalisePublicKey(line);
    expect(result.ok && [result.key.format, result.key.bits]).toEqual(['ssh', 2048]);
  });

  it('accepts an X.509 certificate (openssl req -x509) and records its end of validity', () => {
    const dir = testTempDir('x509');
    execFileSync('openssl', ['req', '-x509', '-sha256', '-nodes', '-newkey', 'rsa:2048', '-keyout', join(dir, 'private.key'), '-out', join(dir, 'certificate_pub.crt'), '-subj', '/CN=workfront-client', '-days', '30'], { stdio: 'ignore' });
    const result = normalisePublicKey(readFileSync(join(dir, 'certificate_pub.crt'), 'utf8'));
    expect(result.ok && result.key.format).toBe('x509');
    expect(result.ok && result.key.record.notAfter).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(result.ok && result.key.certificate?.subject).toBe('CN=workfront-client');
  });

  it('computes the RFC 7638 thumbprint jose computes', async () => {
    expect(rsaThumbprint(jwk.n, jwk.e)).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e }));
  });

  it.each([
    ['an EC key', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }) as string, /ec key, not RSA/],
    ['an ed25519 ssh key', () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host', /ssh-ed25519 key, not ssh-rsa/],
    ['a truncated ssh-rsa line', () => 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC4O6vRGXTkXWQ me@host', /does not decode/],
    ['a private JWK', () => JSON.stringify(pair.privateKey.export({ format: 'jwk' })), /PRIVATE JWK/],
    ['a private PEM', () => pair.privateKey.export({ format: 'pem', type: 'pkcs1' }) as string, /PRIVATE key/],
    ['a JWK of another type', () => JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }), /not RSA/],
    ['random text', () => 'my public key', /not a public key/],
    ['nothing', () => '   ', /is empty/],
  ])('refuses %s', (_, text, problem) => {
    const result = normalisePublicKey(text());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('refuses a 1024-bit certificate key', async () => {
    const weak = await selfSignedCertificate({ modulusLength: 1024 });
    const result = normalisePublicKey(weak.pem);
    expect(!result.ok && result.problem).toMatch(/1024-bit/);
  });
});
