/** The mutual-TLS domain a platform creates, and the synth-time checks on its truststore and client bindings. */
import { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { ApiClient, ClientAuth, type MutualTlsSettings } from '../../stacks/gatehouse';
import type { MutualTlsDomainSettings } from '../../stacks/constructs/mutual-tls-domain';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { collectProblems } from '../../stacks/app/annotations';
import { createCertificateAuthority } from '../../stacks/app/certificate-authority';
import { GatehousePlatform } from '../../stacks/constructs/gatehouse-platform';
import { type CertificateAuthority, selfSignedCertificate, type TestCertificate, testCa } from '../support/certificates';
import { TEST_API_ROUTES } from '../support/api';
import { rsaKeyPair } from '../support/keys';
import { resourcesOfType, synthResources, testPlatform } from '../support/stacks';

const DAY = 86_400_000;
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
let ca: CertificateAuthority;
let clientCertificate: TestCertificate;

beforeAll(async () => {
  ca = await testCa();
  clientCertificate = await ca.issueClient({ subject: 'CN=settlement, O=Secure Payments' });
});

const domain = (overrides: Partial<MutualTlsDomainSettings> = {}): MutualTlsDomainSettings => ({ domainName: 'api.example.com', certificateArn: CERTIFICATE_ARN, truststorePem: ca.certificate.pem, ...overrides });
const boundClient = (mtls: MutualTlsSettings) => (scope: Construct) =>
  void new ApiClient(scope, 'secure-payments', { description: 'Settlement batches', owner: 'team-payments', auth: ClientAuth.rsa({ publicKeys: [publicPem] }), mtls });

/** Problems of a platform, as `[path] message` lines, and whether any is an error. */
function problemsOf(declare: (scope: Construct) => void, props: Parameters<typeof testPlatform>[1]) {
  const { stack } = testPlatform(declare, props);
  const problems = collectProblems(stack);
  const lines = (level: string) => problems.filter((p) => p.level === level).map((p) => `[${p.path}] ${p.message}`);
  // The bound client is declared without collections or policy; those warnings are not what these tests are about.
  return { errors: lines('error'), warnings: lines('warning').filter((line) => !/ (collections|policy) = /.test(line)) };
}

describe('a platform with a mutual-TLS domain', () => {
  it('keeps the truststore in a private, versioned bucket and pins its version on the domain', () => {
    const { stack } = testPlatform(boundClient({ certificates: [clientCertificate.pem] }), { mutualTls: domain() });
    const resources = synthResources(stack);
    const [object] = resourcesOfType(resources, 'aws_s3_object');
    expect(object).toMatchObject({ key: 'truststore.pem', content: ca.certificate.pem });
    expect(resourcesOfType(resources, 'aws_s3_bucket_versioning_a').concat(resourcesOfType(resources, 'aws_s3_bucket_versioning'))[0]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(resourcesOfType(resources, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const [domainName] = resourcesOfType(resources, 'aws_api_gateway_domain_name');
    expect(domainName).toMatchObject({ domain_name: 'api.example.com', regional_certificate_arn: CERTIFICATE_ARN, security_policy: 'TLS_1_2', endpoint_configuration: { types: ['REGIONAL'] } });
    const mutual = domainName?.mutual_tls_authentication as { truststore_uri: string; truststore_version: string };
    expect(mutual.truststore_uri).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.[^.]+\.bucket\}\/\$\{aws_s3_object\.[^.]+\.key\}$/);
    expect(mutual.truststore_version).toMatch(/^\$\{aws_s3_object\.[^.]+\.version_id\}$/);
    expect(resourcesOfType(resources, 'aws_api_gateway_base_path_mapping')[0]).toMatchObject({ stage_name: 'prod' });
  });

  it('disables the default execute-api endpoint, so mutual TLS cannot be bypassed', () => {
    const { stack } = testPlatform(() => undefined, { mutualTls: domain() });
    expect(resourcesOfType(synthResources(stack), 'aws_api_gateway_rest_api')[0]).toMatchObject({ disable_execute_api_endpoint: true });
  });

  it('does not cache decisions by default, and warns when asked to', () => {
    const { stack } = testPlatform(() => undefined, { mutualTls: domain() });
    expect(resourcesOfType(synthResources(stack), 'aws_api_gateway_authorizer')[0]).toMatchObject({ authorizer_result_ttl_in_seconds: 0 });
    expect(problemsOf(() => undefined, { mutualTls: domain(), resultCacheTtlSeconds: 300 }).warnings).toEqual([
      expect.stringMatching(/^\[test\/platform\] resultCacheTtlSeconds = 300: caches decisions per token and address, not per client certificate/),
    ]);
  });

  it('writes the bound certificate\'s fingerprint into the key records', () => {
    const { platform } = testPlatform(boundClient({ certificates: [clientCertificate.pem] }), { mutualTls: domain() });
    expect(platform.catalog.clients[0]?.mtls).toEqual({ subjects: [], fingerprints: [clientCertificate.fingerprint] });
  });
});

describe('truststore checks', () => {
  it('accepts a valid CA certificate', () => {
    expect(problemsOf(() => undefined, { mutualTls: domain() })).toEqual({ errors: [], warnings: [] });
  });
  it('refuses an empty truststore', () => {
    expect(problemsOf(() => undefined, { mutualTls: domain({ truststorePem: '' }) }).errors).toEqual([expect.stringMatching(/mutualTls\.truststorePem = "": holds no PEM certificate\. Fix:/)]);
  });
  it('refuses a private key, without echoing it', () => {
    const key = rsaKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const [error] = problemsOf(() => undefined, { mutualTls: domain({ truststorePem: `${ca.certificate.pem}${key}` }) }).errors;
    expect(error).toContain('mutualTls.truststorePem = <a private key, not shown>: holds a PRIVATE key');
    expect(error).not.toContain(key.split('\n')[1]);
  });
  it('refuses a certificate that is not a CA', () => {
    expect(problemsOf(() => undefined, { mutualTls: domain({ truststorePem: clientCertificate.pem }) }).errors).toEqual([expect.stringMatching(/mutualTls\.truststorePem\[0\] = "CN=settlement, O=Secure Payments": is not a CA certificate/)]);
  });
  it('refuses an expired CA and warns about one expiring within 30 days', async () => {
    const expired = await testCaWithValidity(new Date(Date.now() - 2 * DAY));
    expect(problemsOf(() => undefined, { mutualTls: domain({ truststorePem: expired }) }).errors).toEqual([expect.stringMatching(/mutualTls\.truststorePem\[0\] = .*: is a certificate that expired on/)]);
    const soon = await testCaWithValidity(new Date(Date.now() + 10 * DAY));
    expect(problemsOf(() => undefined, { mutualTls: domain({ truststorePem: soon }) }).warnings).toEqual([expect.stringMatching(/mutualTls\.truststorePem\[0\] = .*: is a certificate that expires in 10 days/)]);
  });
  it('refuses a domain name and certificate ARN API Gateway would refuse', () => {
    expect(problemsOf(() => undefined, { mutualTls: domain({ domainName: 'API_example', certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }) }).errors).toEqual([
      expect.stringMatching(/mutualTls\.domainName = "API_example": is not a lowercase DNS name/),
      expect.stringMatching(/mutualTls\.certificateArn = "arn:aws:iam::123456789012:server-certificate\/x": is not an ACM certificate ARN/),
    ]);
  });
});

/** A CA certificate whose validity ends at `notAfter`. */
async function testCaWithValidity(notAfter: Date): Promise<string> {
  return (await createCertificateAuthority('CN=Short-lived CA', { notBefore: new Date(notAfter.getTime() - 365 * DAY), notAfter })).certificate.pem;
}

describe('client binding checks', () => {
  it('refuses a bound certificate the truststore would refuse at the handshake', async () => {
    const foreign = await (await testCa('CN=Other CA')).issueClient();
    expect(problemsOf(boundClient({ certificates: [foreign.pem] }), { mutualTls: domain() }).errors).toEqual([
      expect.stringMatching(/^\[test\/platform\/clients\/secure-payments\] mtls\.certificates = "CN=client, O=Gatehouse Tests": is issued by CN=Other CA, which is not in the platform's truststore/),
    ]);
  });
  it('refuses an expired bound certificate and warns about one expiring soon', async () => {
    const expired = await ca.issueClient({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(problemsOf(boundClient({ certificates: [expired.pem] }), { mutualTls: domain() }).errors).toEqual([expect.stringMatching(/mtls\.certificates\[0\] = .*: is a certificate that expired/)]);
    const soon = await ca.issueClient({ notAfter: new Date(Date.now() + 5 * DAY) });
    expect(problemsOf(boundClient({ certificates: [soon.pem] }), { mutualTls: domain() }).warnings).toEqual([expect.stringMatching(/mtls\.certificates\[0\] = .*: is a certificate that expires in 5 days/)]);
  });
  it('refuses a binding that names nothing, and invalid fingerprints and subjects', () => {
    expect(problemsOf(boundClient({}), { mutualTls: domain() }).errors).toEqual([expect.stringMatching(/mtls = \{\}: names no certificate/)]);
    expect(problemsOf(boundClient({ fingerprints: ['AB:CD'], subjects: ['orders-sync'] }), { mutualTls: domain() }).errors).toEqual([
      expect.stringMatching(/mtls\.subjects\[0\] = "orders-sync": is not a distinguished name/),
      expect.stringMatching(/mtls\.fingerprints\[0\] = "AB:CD": is not a SHA-256 fingerprint/),
    ]);
  });
  it('warns that a bound client is refused on a platform without a mutual-TLS domain', () => {
    expect(problemsOf(boundClient({ certificates: [clientCertificate.pem] }), {}).warnings).toEqual([
      expect.stringMatching(/^\[test\/platform\/clients\/secure-payments\] mtls = "required": requires a client certificate, but this platform serves no mutual-TLS domain/),
    ]);
  });
  it('refuses a self-signed client certificate', async () => {
    const selfSigned = await selfSignedCertificate({ subject: 'CN=self' });
    expect(problemsOf(boundClient({ certificates: [selfSigned.pem] }), { mutualTls: domain() }).errors).toEqual([expect.stringMatching(/is issued by CN=self, which is not in the platform's truststore/)]);
  });
});

it('refuses to leave the default endpoint of an API it does not manage open', () => {
  const stack = new TerraformStack(Testing.app(), 'existing');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const restApi = new DataAwsApiGatewayRestApi(stack, 'api', { name: 'orders' });
  new GatehousePlatform(stack, 'platform', { restApi, stageName: 'prod', apiRoutes: TEST_API_ROUTES, mutualTls: domain(), authorizerBundleDir: AUTHORIZER_BUNDLE_DIR });
  expect(collectProblems(stack).filter((p) => p.level === 'error').map((p) => p.message)).toEqual([expect.stringMatching(/^mutualTls\.disableDefaultEndpoint = true: cannot be applied to a REST API this stack does not manage/)]);
});
