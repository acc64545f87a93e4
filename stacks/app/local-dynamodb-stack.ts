/**
 * A stack that deploys to a DynamoDB-compatible server on this machine (dynalite), not to AWS: its state
 * beside the synthesized stack, the server's endpoint a variable, and an AWS provider that never calls AWS.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

export function localDynamoStack(scope: Construct, id: string, region: string): TerraformStack {
  const stack = new TerraformStack(scope, id);
  // State beside the synthesized stack: each local deployment is to a fresh local server.
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  const endpoint = new TerraformVariable(stack, 'dynamodb_endpoint', {
    type: 'string',
    default: 'http://127.0.0.1:8000',
    description: 'The local DynamoDB-compatible server to deploy the key table to',
  });
  new AwsProvider(stack, 'aws', {
    region,
    // A local server takes any credentials; nothing in this stack talks to AWS.
    accessKey: 'local',
    secretKey: 'local',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    endpoints: [{ dynamodb: endpoint.stringValue }],
  });
  return stack;
}
