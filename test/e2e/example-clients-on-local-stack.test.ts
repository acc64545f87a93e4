/**
 * End to end through the real parts: the example clients → synth → `terraform apply` of the local stack's
 * table to dynalite and its key items loaded in bulk → the authorizer, reading only that table and those
 * items, allows correctly signed tokens for every auth method (RSA, HMAC, OIDC from a real oidc-provider)
 * and denies the rest.
 */
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { createHandler } from '../../lambda/handler';
import { applyLocalStack, synthesizeLocalStack } from '../../local/local-stack';
import { invokeAuthorizer } from '../../local/gateway/invoke-authorizer';
import { type IdentityProvider, startIdentityProvider } from '../../local/identity-provider/identity-provider';
import { mintApiKeyToken } from '../../record/api-key-token';
import { DEMO_HMAC_SECRET_ARN, demoMaterial } from '../../stacks/app/demo-material';
import { NORTHWIND_AUDIENCE } from '../../stacks/clients/northwind-idp';
import { LOCAL_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { authorizerEvent, type EventOptions } from '../support/events';
import { bearer, freshClaims, signHs256, signRs256 } from '../support/tokens';
import { testTempDir } from '../support/temporary';

jest.setTimeout(300_000);

const material = demoMaterial();
const ROBOT = { id: 'northwind-robot', secret: 'northwind-robot-client-secret-0123456789' };
let dynamo: LocalDynamo;
let idp: IdentityProvider;
let synthesized: ReturnType<typeof synthesizeLocalStack>;
let handler: ReturnType<typeof createHandler>;

beforeAll(async () => {
  idp = await startIdentityProvider({
    audience: NORTHWIND_AUDIENCE,
    clients: [{ clientId: ROBOT.id, clientSecret: ROBOT.secret, claims: { 'https://gatehouse.dev/sub': material.tokens['northwind-idp-main'] } }],
  });
  process.env.GATEHOUSE_DEMO_OIDC_DISCOVERY_URL = idp.discoveryUrl;
  dynamo = await startDynalite();
  synthesized = synthesizeLocalStack(testTempDir('gatehouse-e2e'));
  await applyLocalStack(synthesized, dynamo.endpoint);

  const secretsFile = join(testTempDir('gatehouse-secrets'), 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ [DEMO_HMAC_SECRET_ARN]: material.hmacSecret }), { mode: 0o600 });
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  handler = createHandler({ env: { ...synthesized.app.localData.authorizerEnvironment, GATEHOUSE_SECRETS_SOURCE: `file:${secretsFile}` }, writeLog: () => undefined });
});

afterAll(async () => {
  delete process.env.GATEHOUSE_DEMO_OIDC_DISCOVERY_URL;
  await idp?.stop();
  await dynamo?.close();
});

const rsa = (client: 'acme-logistics' | 'trial-sandbox') => createPrivateKey(material.rsa[client].privateKeyPem);
const status = async (options: EventOptions) => (await invokeAuthorizer(handler, authorizerEvent({ sourceIp: '127.0.0.1', ...options }))).status;

it('serves only what the local stack deployed: the table Terraform applied, one item per declared key', async () => {
  const table = await dynamo.client.send(new DescribeTableCommand({ TableName: synthesized.app.localData.tableName }));
  expect(table.Table?.KeySchema).toEqual([{ AttributeName: 'keyHash', KeyType: 'HASH' }]);
  const items = await dynamo.client.send(new ScanCommand({ TableName: synthesized.app.localData.tableName }));
  expect(items.Count).toBe(synthesized.app.localData.catalog.keys.length);
});

describe('RSA client (acme-logistics)', () => {
  const token = () => bearer(signRs256(rsa('acme-logistics'), freshClaims({ 'https://gatehouse.dev/sub': material.tokens['acme-logistics-prod'] })));
  it('allows a token signed with its private key', async () => expect(await status({ authorization: token(), method: 'POST', path: '/orders' })).toBe(200));
  it('denies its blocked address', async () => expect(await status({ authorization: token(), sourceIp: '127.0.0.66' })).toBe(403));
  it('denies an address outside its allowed range', async () => expect(await status({ authorization: token(), sourceIp: '192.0.2.1' })).toBe(403));
  it('denies its key signed with another client\'s private key', async () => {
    const forged = bearer(signRs256(rsa('trial-sandbox'), freshClaims({ gatehouse_sub: material.tokens['acme-logistics-prod'] })));
    expect(await status({ authorization: forged })).toBe(401);
  });
});

describe('HMAC client (legacy-billing)', () => {
  const token = () => bearer(signHs256(material.hmacSecret, freshClaims({ gatehouse_sub: material.tokens['legacy-billing-main'] })));
  it('allows a token MACed with the shared secret, on its collection', async () => expect(await status({ authorization: token(), path: '/invoices' })).toBe(200));
  it('denies routes outside its collections', async () => expect(await status({ authorization: token(), path: '/orders' })).toBe(403));
  it('denies a token MACed with another secret', async () => {
    expect(await status({ authorization: bearer(signHs256('x'.repeat(44), freshClaims({ gatehouse_sub: material.tokens['legacy-billing-main'] }))), path: '/invoices' })).toBe(401);
  });
});

describe('OIDC client (northwind-idp) with a real identity provider', () => {
  it('allows a client-credentials token that carries the key in the namespaced claim', async () => {
    expect(await status({ authorization: bearer(await idp.token(ROBOT.id, ROBOT.secret)), path: '/orders/7' })).toBe(200);
  });
  it('denies the same key in a token the client signed itself', async () => {
    expect(await status({ authorization: bearer(signRs256(rsa('acme-logistics'), freshClaims({ gatehouse_sub: material.tokens['northwind-idp-main'], iss: idp.issuer, aud: NORTHWIND_AUDIENCE }))), path: '/orders/7' })).toBe(401);
  });
});

it('denies an unknown key and a rate-limited client\'s routes outside its collections', async () => {
  expect(await status({ authorization: bearer(signRs256(rsa('acme-logistics'), freshClaims({ gatehouse_sub: mintApiKeyToken() }))) })).toBe(401);
  const trial = bearer(signRs256(rsa('trial-sandbox'), freshClaims({ gatehouse_sub: material.tokens['trial-sandbox-main'] })));
  expect(await status({ authorization: trial, path: '/orders/1' })).toBe(200);
  expect(await status({ authorization: trial, method: 'POST', path: '/orders' })).toBe(403);
});
