/**
 * The local stack's key items, loaded in bulk into the table Terraform applied, through the real parts:
 * a few hundred generated keys synthesized, the table applied with Terraform to dynalite kept in a folder,
 * the items loaded with BatchWriteItem; then a restart (deployToKeptTable) with one client removed and
 * one changed, which runs no Terraform and leaves the table holding exactly the declared items. The
 * retry of unprocessed requests, which dynalite never returns, runs over a client that withholds part of
 * each batch as DynamoDB does when throttled, in front of the real dynalite.
 */
import { type BatchWriteItemCommandOutput, BatchWriteItemCommand, type DynamoDBClient, type ScanCommand } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH_SIZE, loadKeyItems, readLocalKeyItems } from '../../local/key-items';
import { deployToKeptTable, type SynthesizedApp, synthesizeLocalStack } from '../../local/local-stack';
import { terraformVersion } from '../../local/terraform';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord } from '../../record/key-record';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { LOCAL_STACK, localEnvironmentOf } from '../../stacks/app/gatehouse-app';
import { ApiClient, ApiKey, ClientAuth, HmacSecret } from '../../stacks/gatehouse';
import { createKeyTable, type LocalDynamo, scanAll, startDynalite } from '../support/dynalite';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

const CLIENTS = 300;
const ENVIRONMENT = localEnvironmentOf().name;
const tokens = Array.from({ length: CLIENTS }, () => mintApiKeyToken());

/** CLIENTS HMAC clients with a key each; `collection` of client i, all but `without`. */
function generated(options: { without?: number; collectionOf?: (index: number) => 'orders' | 'invoices' } = {}): ClientFile[] {
  return [{
    name: 'generated',
    declare: (scope, { policies, collections }) => {
      for (let i = 0; i < CLIENTS; i++) {
        if (i === options.without) continue;
        const client = new ApiClient(scope, `generated-${i}`, {
          description: `Generated client ${i}`,
          owner: 'team-load',
          auth: ClientAuth.hmac({ secrets: [HmacSecret.fromSecretsManager(`arn:aws:secretsmanager:eu-west-1:123456789012:secret:generated-${i}-AbCdEf`)] }),
          policy: policies.standard,
          collections: [collections[options.collectionOf?.(i) ?? 'orders']],
        });
        new ApiKey(scope, `generated-${i}-key`, { client, environment: ENVIRONMENT, tokenHash: declaredKeyHash(tokens[i] as string) });
      }
    },
  }];
}

/** The declared items of a synthesized local stack, by key hash, as records. */
function declaredRecords(synthesized: SynthesizedApp<unknown>) {
  const { items } = readLocalKeyItems(join(synthesized.stackDir(LOCAL_STACK), 'cdk.tf.json'));
  return new Map(Object.values(items).map((json) => decodeKeyRecord(JSON.parse(json))).map((record) => [record.keyHash, record]));
}

describe('a kept table, first start and restart', () => {
  const stateDir = testTempDir('gatehouse-key-items');
  const dataDir = join(stateDir, 'dynamodb');
  const kept = { dataDir, receiptFile: join(stateDir, 'deployed.json') };
  let dynamo: LocalDynamo;
  let terraform: string;
  afterAll(async () => dynamo?.close());

  async function deploy(files: ClientFile[], dataIsNew: boolean) {
    const synthesized = synthesizeLocalStack(join(stateDir, 'cdktf.out'), { clientFiles: files });
    const lines: string[] = [];
    dynamo = await deployToKeptTable(synthesized, dynamo, { ...kept, dataIsNew }, {
      terraform,
      step: async (what, work) => {
        const result = await work();
        lines.push(`✓ ${what}`);
        return result;
      },
      note: (line) => lines.push(line.trim()),
    });
    const table = synthesized.app.localData.tableName;
    const stored = new Map((await scanAll(dynamo.client, table)).map((item) => decodeKeyRecord(item)).map((record) => [record.keyHash, record]));
    return { lines, stored, declared: declaredRecords(synthesized) };
  }

  it('applies the table with Terraform and loads every declared item', async () => {
    terraform = (await terraformVersion()) as string;
    rmSync(dataDir, { recursive: true, force: true });
    dynamo = await startDynalite({ path: dataDir });
    const { lines, stored, declared } = await deploy(generated(), true);
    expect(lines).toContain(`✓ applying the key table with Terraform ${terraform}`);
    expect(lines).toContain(`${CLIENTS} written, 0 deleted, 0 unchanged`);
    expect(declared.size).toBe(CLIENTS);
    expect(stored).toEqual(declared);
  });

  it('on a restart with one client removed and one changed, runs no Terraform, deletes the one and rewrites the other', async () => {
    const { lines, stored, declared } = await deploy(generated({ without: 7, collectionOf: (i) => (i === 11 ? 'invoices' : 'orders') }), false);
    expect(lines).toContain('✓ the key table is as the last start left it: no Terraform run');
    expect(lines.some((line) => line.includes('applying the key table'))).toBe(false);
    expect(lines).toContain(`1 written, 1 deleted, ${CLIENTS - 2} unchanged`);
    expect(stored).toEqual(declared);
    const changed = [...stored.values()].find((record) => record.client.name === 'generated-11');
    expect(changed?.client.collections.map((collection) => collection.name)).toEqual(['invoices']);
    expect([...stored.values()].some((record) => record.client.name === 'generated-7')).toBe(false);
  });

  it('runs nothing on a restart with the same clients', async () => {
    const { lines, stored, declared } = await deploy(generated({ without: 7, collectionOf: (i) => (i === 11 ? 'invoices' : 'orders') }), false);
    expect(lines).toEqual(['✓ the local stack is as the last start left it: no client changed, so no Terraform run and no items loaded']);
    expect(stored).toEqual(declared);
  });
});

describe('unprocessed writes', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await createKeyTable(dynamo.client, 'throttled');
    await createKeyTable(dynamo.client, 'stuck');
  });
  afterAll(async () => dynamo?.close());

  const declared = () => {
    const synthesized = synthesizeLocalStack(testTempDir('gatehouse-key-items-throttled'), { clientFiles: generated() });
    return { ...readLocalKeyItems(join(synthesized.stackDir(LOCAL_STACK), 'cdk.tf.json')), table: 'throttled' };
  };
  let items: ReturnType<typeof declared>;
  beforeAll(() => void (items = declared()));

  /**
   * The real client, except that each BatchWriteItem sends only part of its requests on and returns the
   * rest as UnprocessedItems, as DynamoDB does when a batch is throttled; `withheld` says how many.
   */
  function throttling(withheld: (requests: number) => number) {
    let calls = 0;
    return {
      calls: () => calls,
      client: {
        send: async (command: unknown) => {
          if (!(command instanceof BatchWriteItemCommand)) return dynamo.client.send(command as ScanCommand);
          const [[table, requests]] = Object.entries(command.input.RequestItems ?? {}) as [[string, NonNullable<BatchWriteItemCommand['input']['RequestItems']>[string]]];
          calls++;
          const keep = withheld(requests.length);
          if (keep < requests.length) await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests.slice(keep) } }));
          return { UnprocessedItems: keep > 0 ? { [table]: requests.slice(0, keep) } : {}, $metadata: {} } satisfies BatchWriteItemCommandOutput;
        },
      } as unknown as DynamoDBClient,
    };
  }

  it('sends unprocessed requests again, with growing pauses, until every item is written', async () => {
    const pauses: number[] = [];
    // Each call processes 10 requests at most: a batch of 25 takes three calls.
    const fake = throttling((requests) => Math.max(0, requests - 10));
    const report = await loadKeyItems(fake.client, items, { inFlight: 1, sleep: async (ms) => void pauses.push(ms) });
    expect(report).toEqual({ written: CLIENTS, deleted: 0, unchanged: 0 });
    expect(fake.calls()).toBe((CLIENTS / BATCH_SIZE) * 3);
    expect(pauses.slice(0, 2)).toEqual([50, 100]);
    expect((await scanAll(dynamo.client, 'throttled')).length).toBe(CLIENTS);
  });

  it('fails, naming what was left, when a batch stays unprocessed', async () => {
    const fake = throttling(() => 1);
    await expect(loadKeyItems(fake.client, { table: 'stuck', items: Object.fromEntries(Object.entries(items.items).slice(0, 3)) }, { attempts: 4, sleep: async () => undefined }))
      .rejects.toThrow('loading key items into stuck: 1 of a batch of 3 writes were still unprocessed after 4 BatchWriteItem calls');
    expect(fake.calls()).toBe(4);
  });
});
