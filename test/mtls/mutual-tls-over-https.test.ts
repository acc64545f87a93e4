/**
 * Mutual TLS end to end over HTTPS through the local gateway, with a test CA and certificates made by
 * the test: the gateway checks the certificate against the truststore as API Gateway's mutual-TLS
 * domain does (chain and dates, refused before the authorizer); the authorizer, reading the key from
 * dynalite, checks the certificate is bound to the client and the token bound to the certificate.
 */
import { request } from 'node:https';
import { createHandler } from '../../lambda/handler';
import { DEMO_ROUTES } from '../../stacks/app/demo-rest-api';
import { type LocalGateway, startLocalGateway } from '../../local/gateway/local-gateway';
import { UsagePlans } from '../../local/gateway/usage-plans';
import { type CertificateAuthority, type TestCertificate, testCa } from '../support/certificates';
import { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startDynalite } from '../support/dynalite';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { freshClaims, signRs256 } from '../support/tokens';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const pair = rsaKeyPair();
let ca: CertificateAuthority;
let certificates: Record<'bound' | 'sibling' | 'expired' | 'foreign', TestCertificate>;
let dynamo: LocalDynamo;
let gateway: LocalGateway;
let apiKey: string;

beforeAll(async () => {
  ca = await testCa();
  const otherCa = await testCa('CN=Someone Else CA');
  const server = await ca.issueServer({ subject: 'CN=localhost', serverNames: { ip: ['127.0.0.1'], dns: ['localhost'] } });
  certificates = {
    bound: await ca.issueClient({ subject: 'CN=settlement, O=Secure Payments' }),
    sibling: await ca.issueClient({ subject: 'CN=other, O=Secure Payments' }),
    expired: await ca.issueClient({ subject: 'CN=settlement, O=Secure Payments', notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) }),
    foreign: await otherCa.issueClient({ subject: 'CN=settlement, O=Secure Payments' }),
  };
  const key = testKey({
    client: 'secure-payments',
    auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] },
    mtls: { subjects: [], fingerprints: [certificates.bound.fingerprint] },
    usageIdentifierKey: 'usage-secure-payments',
  });
  apiKey = key.token;
  dynamo = await startDynalite();
  await createKeyTable(dynamo.client, 'keys');
  await putRecords(dynamo.client, 'keys', [key.record]);
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  gateway = await startLocalGateway({
    port: 0,
    authorizer: createHandler({ env: { GATEHOUSE_TABLE_NAME: 'keys' }, writeLog: () => undefined }),
    routes: DEMO_ROUTES,
    usagePlans: new UsagePlans(new Map([['usage-secure-payments', { rateLimit: { requestsPerSecond: 100, burst: 100 } }]])),
    resultTtlSeconds: 0,
    tls: { key: server.privateKeyPem, cert: server.pem, truststore: ca.certificate.pem },
  });
});

afterAll(async () => {
  await gateway?.close();
  await dynamo?.close();
});

function call(certificate: TestCertificate | undefined, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${gateway.url}/orders`,
      { ca: ca.certificate.pem, cert: certificate?.pem, key: certificate?.privateKeyPem, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => void (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const token = (bindTo?: TestCertificate) => signRs256(pair.privateKey, freshClaims({ gatehouse_sub: apiKey, ...(bindTo ? { cnf: { 'x5t#S256': bindTo.thumbprint } } : {}) }));

describe('mutual TLS through the local gateway', () => {
  it('allows the bound certificate with a token bound to it', async () => {
    expect(await call(certificates.bound, token(certificates.bound))).toMatchObject({ status: 200, body: { client: 'secure-payments' } });
  });

  it('allows the bound certificate with an unbound token', async () => {
    expect((await call(certificates.bound, token())).status).toBe(200);
  });

  it('refuses a certificate from the same CA that is not bound to the client (authorizer)', async () => {
    expect(await call(certificates.sibling, token())).toEqual({ status: 403, body: { message: 'Forbidden', reason: 'mtls_certificate_not_bound' } });
  });

  it('refuses a token bound to another certificate (authorizer)', async () => {
    expect(await call(certificates.bound, token(certificates.sibling))).toEqual({ status: 403, body: { message: 'Forbidden', reason: 'mtls_token_binding_mismatch' } });
  });

  it.each([
    ['no certificate', undefined],
    ['an expired certificate', 'expired'],
    ['a certificate from a CA outside the truststore', 'foreign'],
  ] as const)('refuses %s before the authorizer (truststore, like API Gateway)', async (_, which) => {
    const calls = gateway.authorizerCalls();
    expect(await call(which ? certificates[which] : undefined, token())).toEqual({ status: 403, body: { message: 'Forbidden' } });
    expect(gateway.authorizerCalls()).toBe(calls);
  });
});
