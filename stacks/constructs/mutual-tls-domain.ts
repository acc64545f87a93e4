/**
 * A custom domain that requires client certificates (mutual TLS): the truststore in a versioned,
 * private S3 bucket, the regional domain name using it, and the stage mapped to it. The platform also
 * disables the API's default execute-api endpoint, so the handshake cannot be bypassed.
 */
import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';
import type { MutualTlsDomainSettings } from '../model/environment';

export type { MutualTlsDomainSettings };

export interface MutualTlsDomainProps extends MutualTlsDomainSettings {
  readonly namePrefix: string;
  readonly restApiId: string;
  readonly stageName: string;
}

export class MutualTlsDomain extends Construct {
  readonly domain: ApiGatewayDomainName;
  readonly mapping: ApiGatewayBasePathMapping;
  readonly truststoreBucket: S3Bucket;

  constructor(scope: Construct, id: string, props: MutualTlsDomainProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, 'truststore-bucket', { bucketPrefix: `${props.namePrefix}-truststore-` });
    this.truststoreBucket = bucket;
    new S3BucketPublicAccessBlock(this, 'truststore-private', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // API Gateway pins a version of the truststore; a new version is picked up by updating the domain.
    const versioning = new S3BucketVersioningA(this, 'truststore-versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    const truststore = new S3Object(this, 'truststore', {
      bucket: bucket.id,
      key: 'truststore.pem',
      content: props.truststorePem,
      contentType: 'application/x-pem-file',
      dependsOn: [versioning],
    });
    this.domain = new ApiGatewayDomainName(this, 'domain', {
      domainName: props.domainName,
      regionalCertificateArn: props.certificateArn,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: 'TLS_1_2',
      mutualTlsAuthentication: { truststoreUri: `s3://${bucket.bucket}/${truststore.key}`, truststoreVersion: truststore.versionId },
    });
    this.mapping = new ApiGatewayBasePathMapping(this, 'mapping', { apiId: props.restApiId, stageName: props.stageName, domainName: this.domain.domainName });
  }
}
