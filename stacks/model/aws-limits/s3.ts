/**
 * The truststore bucket's name prefix: Terraform appends a unique suffix to `bucket_prefix` and documents
 * that the prefix "must be lowercase and less than or equal to 37 characters in length", so the result
 * stays within S3's bucket naming rules (lowercase letters, digits, dots and hyphens).
 */
import type { NameRule } from './name-rule';

export const S3_BUCKET_PREFIX: NameRule = {
  subject: 'S3 bucket name prefixes (Terraform bucket_prefix)',
  minLength: 1,
  maxLength: 37,
  pattern: /^[a-z0-9][a-z0-9.-]*$/,
  characters: 'lowercase letters, digits, dots and hyphens, starting with a letter or digit',
  documentation: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#bucket_prefix and https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
};
