/**
 * Terraform reads every string of its configuration as a template (`${…}` interpolates, `%{…}` is a
 * directive), and key records are written into that configuration. What a client file declares must
 * reach the table exactly as declared: synth → `terraform apply` to dynalite → the item read back.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import { applyLocalStack, synthesizeLocalStack } from '../../local/local-stack';
import { localEnvironmentOf } from '../../stacks/app/gatehouse-app';
import { ApiClient, ApiKey, ClientAuth } from '../../stacks/gatehouse';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

// Both template sequences, and their escaped forms, which must not be unescaped either.
const AUDIENCE = 'api://orders/${stage}/%{ if x }y%{ endif }/$${kept}/%%{kept}';

let dynamo: LocalDynamo;
beforeAll(async () => (dynamo = await startDynalite()));
afterAll(async () => dynamo?.close());

it('writes a declared value holding ${…} and %{…} literally', async () => {
  const synthesized = synthesizeLocalStack(testTempDir('gatehouse-literal'), {
    clientFiles: [{
      name: 'templated',
      declare: (scope, { policies, collections }) => {
        const client = new ApiClient(scope, 'templated', {
          description: 'An audience that looks like a Terraform template',
          owner: 'team-tests',
          auth: ClientAuth.oidc({ discoveryUrl: 'https://login.example.com/.well-known/openid-configuration', audience: AUDIENCE }),
          policy: policies.standard,
          collections: [collections.orders],
        });
        new ApiKey(scope, 'templated-key', { client, environment: localEnvironmentOf().name, tokenHash: declaredKeyHash(mintApiKeyToken()) });
      },
    }],
  });
  await applyLocalStack(synthesized, dynamo.endpoint);
  const items = await dynamo.client.send(new ScanCommand({ TableName: synthesized.app.localData.tableName }));
  expect(items.Items).toHaveLength(1);
  const record = decodeKeyRecord(items.Items![0]!);
  expect(record.client.auth).toMatchObject({ method: 'oidc', audiences: [AUDIENCE] });
});
