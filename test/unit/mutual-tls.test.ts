import { Refusal } from '../../lambda/decision';
import { checkMutualTls } from '../../lambda/mutual-tls';
import { normaliseFingerprint } from '../../record/certificates';
import { canonicalDeclaredName } from '../../stacks/model/distinguished-names';
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
const bySubject = () => ({ subjects: [canonicalDeclaredName('O=Acme Logistics, CN=orders-sync') as string], fingerprints: [] });
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

  it('reads declared names with an RFC 4514 parser, in any attribute order and type spelling', () => {
    expect(canonicalDeclaredName('CN=orders-sync,O=Acme Logistics')).toBe(canonicalDeclaredName('O=Acme Logistics, CN=orders-sync'));
    expect(canonicalDeclaredName('cn=a,o=b')).toBe(canonicalDeclaredName('CN=a,O=b'));
    expect(canonicalDeclaredName('CN=a\\,b,O=x')).toBe(JSON.stringify([['CN', 'a,b'], ['O', 'x']]));
    expect(canonicalDeclaredName('E=me@example.com,CN=a')).toBe(canonicalDeclaredName('emailAddress=me@example.com,CN=a'));
    expect(canonicalDeclaredName('not a name')).toBeUndefined();
  });

  it('matches a subject with an escaped comma exactly, never a name merely split at the comma', async () => {
    const tricky = await ca.issueClient({ subject: 'CN=a\\,b, O=Acme' });
    const requirement = { subjects: [canonicalDeclaredName('CN=a\\,b,O=Acme') as string], fingerprints: [] };
    expect(reason(() => checkMutualTls(requirement, presenting(tricky), {}, Date.now()))).toBeUndefined();
    const lookalike = await ca.issueClient({ subject: 'CN=a, OU=b, O=Acme' });
    expect(reason(() => checkMutualTls(requirement, presenting(lookalike), {}, Date.now()))).toBe('mtls_certificate_not_bound');
  });

  it('normalises fingerprints', () => {
    expect(normaliseFingerprint(bound.fingerprint.toUpperCase().match(/../g)?.join(':') as string)).toBe(bound.fingerprint);
    expect(normaliseFingerprint('abc')).toBeUndefined();
  });
});
