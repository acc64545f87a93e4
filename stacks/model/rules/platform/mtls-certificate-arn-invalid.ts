/** platform/mtls-certificate-arn-invalid (error): A mutual-TLS domain certificate that is not an ACM certificate ARN. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const mtlsCertificateArnInvalid = defineRule<PlatformFacts>({
  code: 'platform/mtls-certificate-arn-invalid',
  severity: 'error',
  summary: 'A mutual-TLS domain certificate that is not an ACM certificate ARN',
  check: ({ mutualTls }) =>
    !mutualTls || /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/.test(mutualTls.certificateArn)
      ? []
      : [{ field: 'mutualTls.certificateArn', value: mutualTls.certificateArn, message: 'is not an ACM certificate ARN', fix: "use the ARN of the domain's ACM certificate in the platform's region" }],
});
