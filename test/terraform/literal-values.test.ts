/**
 * Key records reach the table exactly as declared, by both ways items are written:
 * - on AWS, Terraform writes them (aws_dynamodb_table_item in a client group's stack). Terraform reads
 *   every string of its configuration as a template (`${…}` interpolates, `%{…}` is a directive), so a
 *   declared value holding either must still arrive literally: the group stack's items, applied with real
 *   Terraform to dynalite through the provider's endpoint override, read back;
 * - the local run loads them in bulk (BatchWriteItem) into the table Terraform applied. What it loads must
 *   be what Terraform would have written: the same clients' items, read back from both tables, are equal.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyLocalStack, synthesizeApp } from '../../local/local-stack';
import { runTerraform, terraformEnvironment, terraformInit, writeEmptyState } from '../../local/terraform';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import { AUTHORIZER_BUNDLE_DIR } from '../../scripts/build-authorizer';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { groupStackName, platformNamePrefix, platformStackName } from '../../stacks/app/gatehouse-app';
import type { EnvironmentSettings } from '../../stacks/model/environment';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../../stacks/gatehouse';
import { createKeyTable, type LocalDynamo, scanAll, startDynalite } from '../support/dynalite';
import { rsaKeyPair } from '../support/keys';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

// Both template sequences, and their escaped forms, which must not be unescaped either.
const AUDIENCE = 'api://orders/${stage}/%{ if x }y%{ endif }/$${kept}/%%{kept}';
const ENVIRONMENT: EnvironmentSettings = { name: 'literal', region: 'eu-west-1', api: { kind: 'demo' } };
const GROUP_TABLE = `${platformNamePrefix(ENVIRONMENT)}-keys`; // the platform output's placeholder name

type Item = Record<string, AttributeValue>;

// Made once: the client files are declared once per stack that holds them (the group's and the local one).
const hashes = Array.from({ length: 4 }, () => declaredKeyHash(mintApiKeyToken()));
const publicPem = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;

/** Clients of every auth method, with keys that use what a record can hold (IP rules, dates, a disabled key). */
const FILES: ClientFile[] = [{
  name: 'literal',
  declare: (scope, { policies, collections }) => {
    const oidc = new ApiClient(scope, 'templated', {
      description: 'An audience that looks like a Terraform template',
      owner: 'team-tests',
      auth: ClientAuth.oidc({ discoveryUrl: 'https://login.example.com/.well-known/openid-configuration', audience: AUDIENCE }),
      policy: policies.standard,
      collections: [collections.orders],
    });
    new ApiKey(scope, 'templated-key', { client: oidc, tokenHash: hashes[0] as string });
    const rsa = new ApiClient(scope, 'signed', {
      description: 'A partner signing its own tokens',
      owner: 'team-tests',
      auth: ClientAuth.rsa({ publicKeys: [publicPem] }),
      policy: policies.standard,
      collections: [collections.orders, collections.invoices],
      tokens: { maxLifetimeSeconds: 600 },
    });
    new ApiKey(scope, 'signed-prod', { client: rsa, tokenHash: hashes[1] as string, allowedIps: ['203.0.113.0/24'], blockedIps: ['203.0.113.66'], notAfter: '2031-01-01' });
    new ApiKey(scope, 'signed-old', { client: rsa, tokenHash: hashes[2] as string, enabled: false });
    const hmac = new ApiClient(scope, 'shared', {
      description: 'A batch job with a shared secret',
      owner: 'team-tests',
      auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager('arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared-AbCdEf')] }),
      policy: policies.standard,
      collections: [collections.invoices],
    });
    new ApiKey(scope, 'shared-main', { client: hmac, tokenHash: hashes[3] as string });
  },
}];

let dynamo: LocalDynamo;
beforeAll(async () => (dynamo = await startDynalite()));
afterAll(async () => dynamo?.close());

/**
 * Applies the item resources of a client group's stack, as synthesized for AWS, to dynalite: an override
 * file (which Terraform merges into the configuration) points the provider at dynalite, and only the
 * items are targeted (the group's usage-plan API keys exist only on AWS).
 */
async function applyGroupItems(stacksDir: string): Promise<void> {
  const dir = join(stacksDir, groupStackName(ENVIRONMENT.name, 'clients'));
  writeEmptyState(join(stacksDir, platformStackName(ENVIRONMENT.name))); // the group reads the platform's outputs' placeholders
  const provider = { access_key: 'local', secret_key: 'local', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true', skip_region_validation: true, endpoints: [{ dynamodb: dynamo.endpoint }] };
  writeFileSync(join(dir, 'dynalite_override.tf.json'), JSON.stringify({ provider: { aws: [provider] } }));
  const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { resource: { aws_dynamodb_table_item: Record<string, unknown> } };
  const targets = Object.keys(stack.resource.aws_dynamodb_table_item).map((name) => `-target=aws_dynamodb_table_item.${name}`);
  const env = terraformEnvironment();
  await terraformInit(dir, env);
  await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', ...targets], { cwd: dir, env });
}

/**
 * An item by key hash, without the client's usage identifier key: that value names the deployment it
 * belongs to (derived from the platform's name prefix, `gatehouse-local` for the local run), so it is the
 * one attribute meant to differ; checked present in both or neither.
 */
function byKeyHash(items: readonly Item[]): Map<string, Item> {
  return new Map(items.map((item) => {
    const { usageIdentifierKey, ...client } = item.client?.M ?? {};
    return [item.keyHash?.S as string, { ...item, client: { M: { ...client, usageIdentifierKey: usageIdentifierKey ? { S: 'present' } : { S: 'absent' } } } }];
  }));
}

it('writes a declared value holding ${…} and %{…} literally with Terraform, and loads the same items in bulk for the local run', async () => {
  const synthesized = synthesizeApp(testTempDir('gatehouse-literal'), { clientFiles: FILES, environments: [ENVIRONMENT], localState: 'allow', platformOutputDefaults: true, authorizerBundleDir: AUTHORIZER_BUNDLE_DIR });
  await createKeyTable(dynamo.client, GROUP_TABLE);
  await applyGroupItems(join(synthesized.outdir, 'stacks'));
  await applyLocalStack(synthesized, dynamo.endpoint);

  const byTerraform = await scanAll(dynamo.client, GROUP_TABLE);
  const byBulkLoad = await scanAll(dynamo.client, synthesized.app.localData.tableName);
  expect(byTerraform).toHaveLength(4);
  for (const items of [byTerraform, byBulkLoad]) {
    const templated = items.map((item) => decodeKeyRecord(item)).find((record) => record.client.name === 'templated');
    expect(templated?.client.auth).toMatchObject({ method: 'oidc', audiences: [AUDIENCE] });
  }
  expect(byKeyHash(byBulkLoad)).toEqual(byKeyHash(byTerraform));
});
