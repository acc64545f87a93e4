/**
 * Cold start: the bundle's size, and the time from process start to the first decision (its key record
 * fetched from dynalite), against a baseline handler that only imports the DynamoDB client and makes the
 * same GetItem. Each is a fresh `node` process; runs alternate, and medians are compared.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { AUTHORIZER_BUNDLE, buildAuthorizer } from '../scripts/build-authorizer';
import { hashApiKeyToken, mintApiKeyToken } from '../record/api-key-token';
import { checkKeyRecord, RECORD_SCHEMA_VERSION } from '../record/key-record';
import { rsaThumbprint } from '../record/signing';
import { GATEHOUSE_HOME } from '../stacks/app/demo-material';
import { createKeyTable, LOCAL_AWS_ENV, putRecords, startLocalDynamo } from '../local/local-dynamodb';
import { benchEvent } from './events';

export interface ColdStart {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly gatehouseMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly report: string;
}

/** Runs `script` in a fresh node process; resolves with the ms from spawn to its "decided" line. */
function timeProcess(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('decided')) resolve(performance.now() - started);
    });
    child.on('exit', (code) => (output.includes('decided') ? undefined : reject(new Error(`cold-start process exited ${code}: ${output}`))));
  });
}

export async function benchColdStart(runs: number): Promise<ColdStart> {
  await buildAuthorizer();
  const bundle = readFileSync(AUTHORIZER_BUNDLE);
  const dynamo = await startLocalDynamo();
  try {
    const table = 'bench-keys';
    await createKeyTable(dynamo.client, table);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const apiKey = mintApiKeyToken();
    await putRecords(dynamo.client, table, [
      checkKeyRecord({
        schemaVersion: RECORD_SCHEMA_VERSION,
        keyHash: hashApiKeyToken(apiKey),
        key: { name: 'bench', enabled: true, allowedIps: [], blockedIps: [] },
        client: {
          name: 'bench',
          enabled: true,
          auth: { method: 'rsa', publicKeys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, thumbprint: rsaThumbprint(jwk.n, jwk.e) }] },
          collections: [{ name: 'orders', routes: ['GET /orders/{id}'] }],
          policy: { allow: ['GET/orders/*'], deny: [] },
          tokenRules: { requireExpiry: true },
        },
      }),
    ]);
    const now = Math.floor(Date.now() / 1000);
    const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'bench', iat: now, exp: now + 3600, 'https://gatehouse.dev/sub': apiKey })).toString('base64url')}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
    const event = benchEvent(token);

    // The scripts live under the repository, so both resolve @aws-sdk from its node_modules.
    const dir = join(GATEHOUSE_HOME, 'bench');
    mkdirSync(dir, { recursive: true });
    const gatehouseScript = join(dir, 'cold-gatehouse.js');
    const baselineScript = join(dir, 'cold-baseline.js');
    writeFileSync(
      gatehouseScript,
      `const { handler } = require(${JSON.stringify(AUTHORIZER_BUNDLE)});
handler(${JSON.stringify(event)}).then((result) => {
  if (result.policyDocument.Statement[0].Effect !== 'Allow') throw new Error('not allowed');
  process.stdout.write('decided\\n');
});\n`,
    );
    writeFileSync(
      baselineScript,
      `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
exports.handler = async (keyHash) => client.send(new GetItemCommand({ TableName: ${JSON.stringify(table)}, Key: { keyHash: { S: keyHash } } }));
exports.handler(${JSON.stringify(hashApiKeyToken(apiKey))}).then((output) => {
  if (!output.Item) throw new Error('no item');
  process.stdout.write('decided\\n');
});\n`,
    );
    const env = { ...process.env, ...LOCAL_AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, GATEHOUSE_TABLE_NAME: table };
    const gatehouse: number[] = [];
    const baseline: number[] = [];
    await timeProcess(gatehouseScript, env); // warm the file system cache for both
    await timeProcess(baselineScript, env);
    for (let run = 0; run < runs; run++) {
      gatehouse.push(await timeProcess(gatehouseScript, env));
      baseline.push(await timeProcess(baselineScript, env));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const gatehouseMs = median(gatehouse);
    const baselineMs = median(baseline);
    const bundleBytes = statSync(AUTHORIZER_BUNDLE).size;
    const bundleGzipBytes = gzipSync(bundle).length;
    return {
      bundleBytes,
      bundleGzipBytes,
      gatehouseMs,
      baselineMs,
      ratio: gatehouseMs / baselineMs,
      report: [
        'Cold start (fresh node process to first decision, record fetched from dynalite)',
        `  bundle                               ${(bundleBytes / 1024).toFixed(1)} KiB minified, ${(bundleGzipBytes / 1024).toFixed(1)} KiB gzipped (AWS SDK clients external: the runtime provides them)`,
        `  Gatehouse handler                    ${gatehouseMs.toFixed(0)} ms (median of ${runs})`,
        `  baseline: DynamoDB client + GetItem  ${baselineMs.toFixed(0)} ms (median of ${runs})`,
        `  ratio                                ${(gatehouseMs / baselineMs).toFixed(2)}`,
      ].join('\n'),
    };
  } finally {
    await dynamo.close();
  }
}
