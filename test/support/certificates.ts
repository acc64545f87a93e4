/**
 * Certificates for tests, with any validity period (openssl 3.0 cannot backdate): self-signed signing
 * certificates like an IdP's, and a test CA issuing client certificates for mutual TLS.
 */
import 'reflect-metadata';
import { createHash, KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) };
const DAY = 86_400_000;

export interface TestCertificate {
  readonly pem: string;
  readonly privateKeyPem: string;
  readonly privateKey: KeyObject;
  /** Lowercase hex SHA-256 of the DER. */
  readonly fingerprint: string;
  /** RFC 8705 `x5t#S256`: base64url SHA-256 of the DER. */
  readonly thumbprint: string;
}

export interface CertificateOptions {
  readonly subject?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly modulusLength?: number;
}

async function keyPair(modulusLength: number): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ ...RSA, modulusLength }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function describe(certificate: x509.X509Certificate, keys: webcrypto.CryptoKeyPair): Promise<TestCertificate> {
  const pem = certificate.toString('pem');
  const der = new X509Certificate(pem).raw;
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    pem,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    privateKey,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    thumbprint: createHash('sha256').update(der).digest('base64url'),
  };
}

export async function selfSignedCertificate(options: CertificateOptions = {}): Promise<TestCertificate> {
  const keys = await keyPair(options.modulusLength ?? 2048);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: options.subject ?? 'CN=Test Signing Certificate, O=Gatehouse Tests',
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: RSA,
    keys: keys as never,
  });
  return describe(certificate, keys);
}

export interface TestCa {
  readonly certificate: TestCertificate;
  /** Issues a client certificate (clientAuth extended key usage) signed by this CA. */
  issue(options?: CertificateOptions): Promise<TestCertificate>;
}

export async function testCa(subject = 'CN=Gatehouse Test CA, O=Gatehouse Tests'): Promise<TestCa> {
  const caKeys = await keyPair(2048);
  const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: RSA,
    keys: caKeys as never,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  let serial = 1;
  return {
    certificate: await describe(caCertificate, caKeys),
    async issue(options = {}) {
      const keys = await keyPair(options.modulusLength ?? 2048);
      serial++;
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(2, '0'),
        subject: options.subject ?? 'CN=client, O=Gatehouse Tests',
        issuer: caCertificate.subject,
        notBefore: options.notBefore ?? new Date(Date.now() - DAY),
        notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
        signingAlgorithm: RSA,
        publicKey: keys.publicKey as never,
        signingKey: caKeys.privateKey as never,
        extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
      });
      return describe(certificate, keys);
    },
  };
}
