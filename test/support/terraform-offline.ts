/**
 * Lets `terraform plan` of the AWS stack run with no network and no credentials: an override file
 * (Terraform merges `*_override.tf.json` into the configuration) gives the provider dummy credentials and
 * its skip flags. The synthesized stack itself stays as it would deploy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeOfflineProviderOverride(stackDir: string): void {
  const provider = {
    access_key: 'offline',
    secret_key: 'offline',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
    skip_region_validation: true,
  };
  writeFileSync(join(stackDir, 'offline_override.tf.json'), JSON.stringify({ provider: { aws: [provider] } }, null, 2));
}
