/**
 * A small certificate authority for the demo's mutual TLS and for tests: a CA, server certificates for
 * the local gateway, client certificates, and self-signed certificates with any validity period
 * (which openssl 3.0 cannot backdate). Certificates are made by @peculiar/x509 over WebCrypto.
 */
import 'reflect-metadata';
import { createHash, KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) };
const DAY = 86_400_000;

export interface IssuedCertificate {
  readonly pem: string;
  readonly privateKeyPem: string;
  readonly privateKey: KeyObject;
  /** Lowercase hex SHA-256 of the DER, as `openssl x509 -fingerprint -sha256` prints it (without colons). */
  readonly fingerprint: string;
  /** RFC 8705 `x5t#S256`: base64url SHA-256 of the DER. */
  readonly thumbprint: string;
}

export interface CertificateOptions {
  readonly subject?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly modulusLength?: number;
  /** Server certificates: the names and addresses they are valid for. */
  readonly serverNames?: { readonly dns?: readonly string[]; readonly ip?: readonly string[] };
}

async function keyPair(modulusLength: number): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ ...RSA, modulusLength }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function describe(certificate: x509.X509Certificate, keys: webcrypto.CryptoKeyPair): IssuedCertificate {
  const pem = certificate.toString('pem');
  const digest = createHash('sha256').update(new X509Certificate(pem).raw).digest();
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    pem,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    privateKey,
    fingerprint: digest.toString('hex'),
    thumbprint: digest.toString('base64url'),
  };
}

const validity = (options: CertificateOptions, defaultDays: number) => ({
  notBefore: options.notBefore ?? new Date(Date.now() - DAY),
  notAfter: options.notAfter ?? new Date(Date.now() + defaultDays * DAY),
});

export async function selfSignedCertificate(options: CertificateOptions = {}): Promise<IssuedCertificate> {
  const keys = await keyPair(options.modulusLength ?? 2048);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: options.subject ?? 'CN=Test Signing Certificate, O=Gatehouse Tests',
    ...validity(options, 365),
    signingAlgorithm: RSA,
    keys: keys as never,
  });
  return describe(certificate, keys);
}

export interface CertificateAuthority {
  readonly certificate: IssuedCertificate;
  /** A client certificate (clientAuth) signed by this CA. */
  issueClient(options?: CertificateOptions): Promise<IssuedCertificate>;
  /** A server certificate (serverAuth) for the given names, signed by this CA. */
  issueServer(options: CertificateOptions): Promise<IssuedCertificate>;
}

export async function createCertificateAuthority(subject = 'CN=Gatehouse Test CA, O=Gatehouse', options: CertificateOptions = {}): Promise<CertificateAuthority> {
  const caKeys = await keyPair(2048);
  const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: subject,
    ...validity(options, 3650),
    signingAlgorithm: RSA,
    keys: caKeys as never,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  let serial = 1;
  const issue = async (issued: CertificateOptions, usage: string, extra: x509.Extension[]) => {
    const keys = await keyPair(issued.modulusLength ?? 2048);
    serial++;
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: `${serial.toString(16).padStart(2, '0')}${Date.now().toString(16)}`,
      subject: issued.subject ?? 'CN=client, O=Gatehouse Tests',
      issuer: caCertificate.subject,
      ...validity(issued, 365),
      signingAlgorithm: RSA,
      publicKey: keys.publicKey as never,
      signingKey: caKeys.privateKey as never,
      extensions: [new x509.ExtendedKeyUsageExtension([usage]), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true), ...extra],
    });
    return describe(certificate, keys);
  };
  return {
    certificate: describe(caCertificate, caKeys),
    issueClient: (issued = {}) => issue(issued, x509.ExtendedKeyUsage.clientAuth, []),
    issueServer: (issued) =>
      issue(issued, x509.ExtendedKeyUsage.serverAuth, [
        new x509.SubjectAlternativeNameExtension([
          ...(issued.serverNames?.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
          ...(issued.serverNames?.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
        ]),
      ]),
  };
}
