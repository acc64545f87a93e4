import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { algorithmFitsKey, asymmetricAlgorithm, verifyAsymmetric } from '../../lambda/signature/algorithms';

const data = Buffer.from('header.payload');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const weakRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed25519 = generateKeyPairSync('ed25519');

const signatures: Record<string, Buffer> = {
  RS256: sign('sha256', data, rsa.privateKey),
  RS512: sign('sha512', data, rsa.privateKey),
  PS256: sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  ES256: sign('sha256', data, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' }),
  ES384: sign('sha384', data, { key: p384.privateKey, dsaEncoding: 'ieee-p1363' }),
  EdDSA: sign(null, data, ed25519.privateKey),
};

describe('JWS algorithms', () => {
  it.each([
    ['RS256', rsa.publicKey],
    ['RS512', rsa.publicKey],
    ['PS256', rsa.publicKey],
    ['ES256', p256.publicKey],
    ['ES384', p384.publicKey],
    ['EdDSA', ed25519.publicKey],
  ] as const)('verifies %s with a fitting key, and refuses a changed input', (alg, key) => {
    expect(algorithmFitsKey(alg, key)).toBe(true);
    expect(verifyAsymmetric(alg, key, data, signatures[alg] as Buffer)).toBe(true);
    expect(verifyAsymmetric(alg, key, Buffer.from('header.payloaD'), signatures[alg] as Buffer)).toBe(false);
  });

  it('refuses keys that do not fit the algorithm: family, curve, strength, private', () => {
    expect(algorithmFitsKey('ES256', rsa.publicKey)).toBe(false);
    expect(algorithmFitsKey('RS256', p256.publicKey)).toBe(false);
    expect(algorithmFitsKey('ES256', p384.publicKey)).toBe(false);
    expect(algorithmFitsKey('RS256', weakRsa.publicKey)).toBe(false);
    expect(algorithmFitsKey('RS256', rsa.privateKey)).toBe(false);
  });

  it('knows no symmetric, none or inherited names', () => {
    for (const alg of ['HS256', 'none', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(asymmetricAlgorithm(alg)).toBeUndefined();
      expect(algorithmFitsKey(alg, rsa.publicKey)).toBe(false);
      expect(verifyAsymmetric(alg, rsa.publicKey, data, signatures.RS256 as Buffer)).toBe(false);
    }
  });

  it('treats a malformed signature as a failed verification, not a crash', () => {
    expect(verifyAsymmetric('ES256', p256.publicKey, data, Buffer.alloc(3))).toBe(false);
    expect(verifyAsymmetric('RS256', rsa.publicKey, data, Buffer.alloc(0))).toBe(false);
  });
});
