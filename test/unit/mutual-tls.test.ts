import { Refusal } from '../../lambda/decision';
import { checkMutualTls } from '../../lambda/mutual-tls';
import { normaliseDistinguishedName, normaliseFingerprint } from '../../record/certificates';
import { type CertificateAuthority, type TestCertificate, testCa } from '../support/certificates';

const DAY = 86_400_000;
let ca: CertificateAuthority;
let bound: TestCertificate;
let other: TestCertificate;
let expired: TestCertificate;
let future: TestCertificate;

beforeAll(async () => {
  ca = await testCa();
  [bound, other, expired, future] = await Promise.all([
    ca.issueClient({ subject: 'CN=orders-sync, O=Acme Logistics' }),
    ca.issueClient({ subject: 'CN=someone-else, O=Acme Logistics' }),
    ca.issueClient({ subject: 'CN=orders-sync, O=Acme Logistics', notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) }),
    ca.issueClient({ subject: 'CN=orders-sync, O=Acme Logistics', notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) }),
  ]);
});

function reason(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) return error.reason;
    throw error;
  }
}

const byFingerprint = () => ({ subjects: [], fingerprints: [bound.fingerprint] });
const bySubject = () => ({ subjects: ['O=Acme Logistics, CN=orders-sync'], fingerprints: [] });
const presenting = (certificate: TestCertificate | undefined) => (certificate ? { clientCertPem: certificate.pem } : undefined);

describe('mutual TLS binding', () => {
  it('accepts the bound certificate, by fingerprint or by subject', () => {
    expect(reason(() => checkMutualTls(byFingerprint(), presenting(bound), {}, Date.now()))).toBeUndefined();
    expect(reason(() => checkMutualTls(bySubject(), presenting(bound), {}, Date.now()))).toBeUndefined();
  });

  it('refuses another certificate of the same CA', () => {
    expect(reason(() => checkMutualTls(byFingerprint(), presenting(other), {}, Date.now()))).toBe('mtls_certificate_not_bound');
    expect(reason(() => checkMutualTls(bySubject(), presenting(other), {}, Date.now()))).toBe('mtls_certificate_not_bound');
  });

  it('refuses no certificate, a broken one, an expired one and one not yet valid', () => {
    expect(reason(() => checkMutualTls(byFingerprint(), undefined, {}, Date.now()))).toBe('mtls_certificate_missing');
    expect(reason(() => checkMutualTls(byFingerprint(), { clientCertPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, {}, Date.now()))).toBe('mtls_certificate_invalid');
    expect(reason(() => checkMutualTls(bySubject(), presenting(expired), {}, Date.now()))).toBe('mtls_certificate_expired');
    expect(reason(() => checkMutualTls(bySubject(), presenting(future), {}, Date.now()))).toBe('mtls_certificate_expired');
  });

  it('binds tokens to their certificate (RFC 8705 cnf x5t#S256), with or without a client requirement', () => {
    const boundToken = { cnf: { 'x5t#S256': bound.thumbprint } };
    expect(reason(() => checkMutualTls(byFingerprint(), presenting(bound), boundToken, Date.now()))).toBeUndefined();
    expect(reason(() => checkMutualTls(undefined, presenting(bound), boundToken, Date.now()))).toBeUndefined();
    expect(reason(() => checkMutualTls(undefined, presenting(other), boundToken, Date.now()))).toBe('mtls_token_binding_mismatch');
    expect(reason(() => checkMutualTls(undefined, undefined, boundToken, Date.now()))).toBe('mtls_certificate_missing');
    expect(reason(() => checkMutualTls(byFingerprint(), presenting(bound), { cnf: { 'x5t#S256': other.thumbprint } }, Date.now()))).toBe('mtls_token_binding_mismatch');
    expect(reason(() => checkMutualTls(byFingerprint(), presenting(bound), { cnf: { 'x5t#S256': 42 } }, Date.now()))).toBe('mtls_token_binding_mismatch');
  });

  it('asks nothing of clients without a requirement and tokens without a binding', () => {
    expect(reason(() => checkMutualTls(undefined, undefined, { cnf: { jkt: 'dpop-thumbprint' } }, Date.now()))).toBeUndefined();
  });

  it('normalises distinguished names and fingerprints', () => {
    expect(normaliseDistinguishedName('CN=orders-sync,O=Acme Logistics')).toBe(normaliseDistinguishedName('O=Acme Logistics\nCN=orders-sync'));
    expect(normaliseDistinguishedName('cn = a, o=b')).toBe('CN=a,O=b');
    expect(normaliseFingerprint(bound.fingerprint.toUpperCase().match(/../g)?.join(':') as string)).toBe(bound.fingerprint);
    expect(normaliseFingerprint('abc')).toBeUndefined();
  });
});
