/** The mutual-TLS domain a platform creates, and the synth-time checks on its truststore and client bindings. */
import { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { ApiClient, ClientAuth, type MutualTlsSettings } from '../../stacks/gatehouse';
import type { MutualTlsDomainSettings } from '../../stacks/constructs/mutual-tls-domain';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import { collectProblems } from '../../stacks/app/annotations';
import { GatehousePlatform } from '../../stacks/constructs/gatehouse-platform';
import { type CertificateAuthority, type TestCertificate, testCa } from '../support/certificates';
import { TEST_API_ROUTES } from '../support/api';
import { rsaKeyPair } from '../support/keys';
import { resourcesOfType, synthResources, testPlatform } from '../support/stacks';

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

  it('requires the API\'s default execute-api endpoint disabled, so mutual TLS cannot be bypassed, and never changes the API itself', () => {
    const open = testPlatform(() => undefined, { mutualTls: domain() });
    expect(resourcesOfType(synthResources(open.stack), 'aws_api_gateway_rest_api')[0]?.disable_execute_api_endpoint).toBeUndefined();
    expect(collectProblems(open.stack).map((problem) => problem.code)).toContain('platform/default-endpoint-enabled');
    const closed = testPlatform(() => undefined, { mutualTls: domain(), disableExecuteApiEndpoint: true });
    expect(collectProblems(closed.stack)).toEqual([]);
  });

  it('does not cache decisions by default', () => {
    const { stack } = testPlatform(() => undefined, { mutualTls: domain(), disableExecuteApiEndpoint: true });
    expect(resourcesOfType(synthResources(stack), 'aws_api_gateway_authorizer')[0]).toMatchObject({ authorizer_result_ttl_in_seconds: 0 });
  });

  it('writes the bound certificate\'s fingerprint into the key records', () => {
    const { platform } = testPlatform(boundClient({ certificates: [clientCertificate.pem] }), { mutualTls: domain(), disableExecuteApiEndpoint: true });
    expect(platform.catalog.clients[0]?.mtlsRecord).toEqual({ subjects: [], fingerprints: [clientCertificate.fingerprint] });
  });
});

it('refuses to leave the default endpoint of an API it does not manage open', () => {
  const stack = new TerraformStack(Testing.app(), 'existing');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const restApi = new DataAwsApiGatewayRestApi(stack, 'api', { name: 'orders' });
  new GatehousePlatform(stack, 'platform', { restApi, stageName: 'prod', apiRoutes: TEST_API_ROUTES, mutualTls: domain(), authorizerBundleDir: AUTHORIZER_BUNDLE_DIR });
  expect(collectProblems(stack).filter((p) => p.level === 'error').map((p) => [p.code, p.message])).toEqual([['platform/default-endpoint-enabled', expect.stringMatching(/^cannot be checked on a REST API this stack does not manage/)]]);
});
