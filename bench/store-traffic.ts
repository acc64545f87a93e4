/**
 * Store traffic: GetItem calls for 1,000 requests over 100 keys, 10% of them unknown, against dynalite
 * through the real DynamoDB record source and cache.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { DynamoKeyRecordSource, createTableClient, tableDeadlineMs } from '../lambda/record-store';
import { assembleAuthorizer } from '../lambda/assemble';
import { loadConfig } from '../record/authorizer-settings';
import { requestFromEvent } from '../lambda/api-gateway-event';
import { hashApiKeyToken, mintApiKeyToken } from '../record/api-key-token';
import { checkKeyRecord, RECORD_SCHEMA_VERSION } from '../record/key-record';
import { rsaThumbprint } from '../record/signing';
import { createKeyTable, LOCAL_AWS_ENV, putRecords, startLocalDynamo } from '../local/local-dynamodb';
import { benchEvent } from './events';

export interface StoreTraffic {
  readonly requests: number;
  readonly distinctKeys: number;
  readonly distinctUnknown: number;
  readonly getItems: number;
  readonly report: string;
}

export async function benchStoreTraffic(): Promise<StoreTraffic> {
  const dynamo = await startLocalDynamo();
  try {
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    await createKeyTable(dynamo.client, 'traffic');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const known = Array.from({ length: 90 }, mintApiKeyToken);
    const unknown = Array.from({ length: 10 }, mintApiKeyToken);
    await putRecords(
      dynamo.client,
      'traffic',
      known.map((token, index) =>
        checkKeyRecord({
          schemaVersion: RECORD_SCHEMA_VERSION,
          keyHash: hashApiKeyToken(token),
          key: { name: `key-${index}`, enabled: true, allowedIps: [], blockedIps: [] },
          client: { name: 'traffic', enabled: true, auth: { method: 'rsa', publicKeys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, thumbprint: rsaThumbprint(jwk.n, jwk.e) }] }, collections: [{ name: 'all', routes: ['* /{proxy+}'] }], policy: { allow: ['*'], deny: [] }, tokenRules: { requireExpiry: true } },
        }),
      ),
    );
    const config = loadConfig({ GATEHOUSE_TABLE_NAME: 'traffic' });
    const source = new DynamoKeyRecordSource(createTableClient(config.storeTimeoutMs), 'traffic', tableDeadlineMs(config.storeTimeoutMs));
    const { authorizer } = assembleAuthorizer(config, { recordSource: source });
    const now = Math.floor(Date.now() / 1000);
    const tokenFor = (key: string) => {
      const input = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iat: now, exp: now + 600, gatehouse_sub: key })).toString('base64url')}`;
      return `${input}.${sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
    };
    const tokens = new Map([...known, ...unknown].map((key) => [key, tokenFor(key)]));
    // Every key 10 times, in a fixed shuffled order: 1,000 requests, 100 of them to unknown keys.
    const schedule = [...known, ...unknown].flatMap((key) => Array<string>(10).fill(key));
    let random = 12345;
    for (let i = schedule.length - 1; i > 0; i--) {
      random = (random * 1103515245 + 12345) % 2147483648;
      const j = Math.floor((random / 2147483648) * (i + 1));
      [schedule[i], schedule[j]] = [schedule[j] as string, schedule[i] as string];
    }
    const used = new Set<string>();
    for (const key of schedule) {
      used.add(key);
      await authorizer.decide(requestFromEvent(benchEvent(tokens.get(key) as string)));
    }
    const distinctUnknown = unknown.filter((key) => used.has(key)).length;
    return {
      requests: 1000,
      distinctKeys: used.size,
      distinctUnknown,
      getItems: source.reads,
      report: [
        'Store traffic (1,000 requests over 100 keys, 10% to unknown keys; record TTL 20 s, unknown-key TTL 30 s)',
        `  distinct keys requested   ${used.size} (${distinctUnknown} unknown)`,
        `  GetItem calls             ${source.reads} (${(source.reads / used.size).toFixed(2)} per key; repeats of an unknown key cost ${source.reads - used.size} reads)`,
      ].join('\n'),
    };
  } finally {
    await dynamo.close();
  }
}
