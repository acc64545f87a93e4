/**
 * Break-glass revocation against a real local run (dynalite, the local gateway with its result cache,
 * the built authorizer): a key that works is revoked with `gatehouse revoke`'s own code, and the time
 * from the revoke returning to the first refused request through the gateway is measured and printed.
 * What bounds it is the authorizer's record cache TTL, as on AWS once the stage's cache is flushed. The
 * clients folder holds only this test's own client file (never the examples).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FLUSH_PATH } from '../../local/admin-server';
import { type LocalRun, startLocalRun } from '../../local/start';
import { declaredKeyHash, mintApiKeyToken } from '../../record/api-key-token';
import { localTarget } from '../../bin/cli/revoke-targets';
import { flushOnly, parseKeyReference, revokeKey } from '../../bin/cli/revoke';
import { localEnvironmentOf } from '../../stacks/app/gatehouse-app';
import { testTempDir } from '../support/temporary';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
const LOCAL_ENVIRONMENT = localEnvironmentOf().name;
const stateDir = testTempDir('gatehouse-revoke-');
const clientsDir = mkdtempSync(join(ROOT, 'stacks', '.tmp-clients-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const leaked = mintApiKeyToken();
const kept = mintApiKeyToken();

writeFileSync(
  join(clientsDir, 'revoke-team.ts'),
  `import type { ClientDeclaration } from '../api-catalog';
import { ApiClient, ApiKey, ClientAuth } from '../gatehouse';

const team: ClientDeclaration = (scope, { policies, collections }) => {
  const partner = new ApiClient(scope, 'revoke-partner', {
    description: 'Revocation test partner',
    owner: 'team-test',
    auth: ClientAuth.rsa({ publicKeys: [${JSON.stringify(publicKey.export({ format: 'pem', type: 'spki' }))}] }),
    policy: policies.standard,
    collections: [collections.orders],
  });
  new ApiKey(scope, 'leaked', { client: partner, environment: '${LOCAL_ENVIRONMENT}', tokenHash: '${declaredKeyHash(leaked)}' });
  new ApiKey(scope, 'kept', { client: partner, environment: '${LOCAL_ENVIRONMENT}', tokenHash: '${declaredKeyHash(kept)}' });
};
export default team;
`,
);

let run: LocalRun;
beforeAll(async () => {
  run = await startLocalRun({ port: 0, mutualTlsPort: 0, httpApiPort: 0, stateDir, clientsDir, announce: false });
});
afterAll(async () => {
  await run?.close();
  rmSync(clientsDir, { recursive: true, force: true });
});

const token = (key: string) => bearer(signRs256(privateKey, freshClaims({ 'https://gatehouse.dev/sub': key })));

async function call(authorization: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${run.state.gatewayUrl}/orders`, { headers: { authorization }, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it('refuses a revoked key through the local gateway, timed from the revoke to the first refusal', async () => {
  const leakedToken = token(leaked);
  expect((await call(leakedToken)).status).toBe(200);
  const calls = run.gateway.authorizerCalls();
  expect((await call(leakedToken)).status).toBe(200);
  expect(run.gateway.authorizerCalls()).toBe(calls); // the gateway cached the allow: only a flush lets the revoke through

  // The leaked token keeps calling while the revocation runs, as an attacker's would.
  const started = performance.now();
  let firstRefusal: number | undefined;
  let allowedMeanwhile = 0;
  let revoking = true;
  const attacker = (async () => {
    while (revoking && firstRefusal === undefined) {
      const answer = await call(leakedToken);
      if (answer.status === 200) allowedMeanwhile++;
      else firstRefusal = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const audit = await revokeKey(parseKeyReference('revoke-partner/leaked'), 'token pasted in a public issue', localTarget(run.state, { clientsDir })).finally(() => {
    revoking = false;
  });
  const returned = performance.now();
  await attacker;
  expect(audit).toMatchObject({
    event: 'gatehouse.revoke',
    client: 'revoke-partner',
    key: 'leaked',
    keyHash: declaredKeyHash(leaked),
    reason: 'token pasted in a public issue',
    who: expect.any(String),
    flushed: expect.stringMatching(/\(\d+ cached results\).*again after \d+ s \(record cache TTL \d+ s\)/),
  });
  expect(Date.parse(audit.at)).not.toBeNaN();

  // Once the command returns, the key is refused: what it promises.
  const answer = await call(leakedToken);
  const refusedAt = firstRefusal ?? performance.now();
  console.log(
    `revoke → first refused request through the local gateway: ${(refusedAt - started).toFixed(0)} ms ` +
      `(${allowedMeanwhile} requests allowed meanwhile from the authorizer's cached record; the command returned after ${(returned - started).toFixed(0)} ms)`,
  );
  expect(answer).toEqual({ status: 403, body: { message: 'Forbidden', reason: 'key_disabled' } });
  // The client's other key is untouched.
  expect((await call(token(kept))).status).toBe(200);
});

it('flushes alone, and refuses what it cannot find or is not told why', async () => {
  const target = localTarget(run.state, { clientsDir });
  expect((await call(token(kept))).status).toBe(200);
  const waits: number[] = [];
  const flushed = await flushOnly(target, { sleep: async (ms) => void waits.push(ms) });
  expect(flushed).toMatchObject({ event: 'gatehouse.flush', flushed: expect.stringMatching(/^local gateways' authorizer caches \([1-9]\d* cached results\); again after/) });
  expect(waits).toEqual([(target.recordTtlSeconds + 1) * 1000]); // the second flush waits out the record cache
  const calls = run.gateway.authorizerCalls();
  expect((await call(token(kept))).status).toBe(200);
  expect(run.gateway.authorizerCalls()).toBe(calls + 1); // the cached result is gone

  const unknown = declaredKeyHash(mintApiKeyToken());
  await expect(revokeKey(parseKeyReference(unknown), 'test', target)).rejects.toThrow(/no such key .*nothing was changed/);
  // A name that does not match the item with that hash changes nothing either.
  await expect(revokeKey(parseKeyReference('revoke-partner/nope'), 'test', target)).rejects.toThrow(/no such key in .*client files/);
  await expect(revokeKey(parseKeyReference(declaredKeyHash(kept)), '  ', target)).rejects.toThrow(/--reason/);
  expect(() => parseKeyReference('leaked')).toThrow(/<client>\/<key>/);
  expect((await call(token(kept))).status).toBe(200);
});

it("answers the admin endpoint only with the run's token", async () => {
  const wrong = await fetch(`${run.state.admin.url}${FLUSH_PATH}`, { method: 'POST', headers: { authorization: 'Bearer not-the-token' } });
  expect(wrong.status).toBe(401);
  const none = await fetch(`${run.state.admin.url}${FLUSH_PATH}`, { method: 'POST' });
  expect(none.status).toBe(401);
  expect(new URL(run.state.admin.url).hostname).toBe('127.0.0.1');
});
