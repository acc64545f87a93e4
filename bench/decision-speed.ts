/**
 * The warm decision against the limit and the best peer, on the same tokens:
 * - RS256: raw node:crypto verify with a cached key (the limit), aws-jwt-verify's verifier (the peer),
 *   jose.jwtVerify, and Gatehouse's full warm decision (event in, policy and log line out, record cached);
 * - HS256: raw HMAC and timing-safe compare vs Gatehouse;
 * - ES256 through an OIDC client's key set (served on loopback, cached after the first request).
 */
import { createHmac, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { jwtVerify } from 'jose';
import { createHandler } from '../lambda/handler';
import { hashApiKeyToken, mintApiKeyToken } from '../record/api-key-token';
import { type AuthRecord, checkKeyRecord, type KeyRecord, RECORD_SCHEMA_VERSION } from '../record/key-record';
import { rsaThumbprint } from '../record/signing';
import { benchEvent } from './events';
import { formatRows, measureInterleaved, type RowResult } from './measure';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf';
const AUDIENCE = 'api://bench';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function record(token: string, auth: AuthRecord): KeyRecord {
  return checkKeyRecord({
    schemaVersion: RECORD_SCHEMA_VERSION,
    keyHash: hashApiKeyToken(token),
    key: { name: 'bench', enabled: true, allowedIps: ['203.0.113.0/24', '198.51.100.0/24'], blockedIps: ['203.0.113.66'] },
    client: {
      name: 'bench-client',
      enabled: true,
      auth,
      collections: [{ name: 'orders', routes: ['GET /orders', 'GET /orders/{id}', 'POST /orders'] }],
      policy: { allow: ['GET/orders', 'GET/orders/*', 'POST/orders'], deny: [] },
      usageIdentifierKey: 'bench-usage-key-0123456789',
      tokenRules: { requireExpiry: true, maxLifetimeSeconds: 86_400 },
    },
  });
}

function gatehouse(records: KeyRecord[], secrets: Record<string, string> = {}) {
  const byHash = new Map(records.map((item) => [item.keyHash, item]));
  return createHandler({
    env: { GATEHOUSE_TABLE_NAME: 'bench' },
    writeLog: () => undefined, // the line is built and serialised; where it is written is the runtime's cost
    overrides: {
      recordSource: { fetch: async (hash) => byHash.get(hash) },
      secretSource: { fetch: async (id) => secrets[id] as string },
    },
  });
}

export interface DecisionSpeed {
  readonly rs256: RowResult[];
  readonly hs256: RowResult[];
  readonly es256: RowResult[];
  readonly report: string;
  /** Median ratios for the RS256 targets. */
  readonly decisionToLimit: number;
  readonly decisionToAwsJwtVerify: number;
  readonly hs256DecisionToRaw: number;
}

export async function benchDecisionSpeed(scale: { rounds: number; opsPerRound: number; warmupOps: number }): Promise<DecisionSpeed> {
  const now = Math.floor(Date.now() / 1000);
  const apiKey = mintApiKeyToken();
  const claims = { sub: 'orders-sync', iat: now, exp: now + 3600, 'https://gatehouse.dev/sub': apiKey };

  // RS256: one token, verified by every row.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const rsInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })}.${base64url(claims)}`;
  const rsToken = `${rsInput}.${sign('sha256', Buffer.from(rsInput), rsa.privateKey).toString('base64url')}`;
  const rsInputBytes = Buffer.from(rsInput);
  const rsSignature = Buffer.from(rsToken.slice(rsToken.lastIndexOf('.') + 1), 'base64url');
  const awsVerifier = JwtRsaVerifier.create({ issuer: null, audience: null, jwksUri: 'https://keys.invalid/jwks.json' });
  awsVerifier.cacheJwks({ keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, kid: 'bench-key-1', alg: 'RS256', use: 'sig' }] });
  const rsaRecord = record(apiKey, { method: 'rsa', publicKeys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, thumbprint: rsaThumbprint(jwk.n, jwk.e) }] });
  const rsHandler = gatehouse([rsaRecord]);
  const rsEvent = benchEvent(rsToken);

  const rs256 = await measureInterleaved(
    [
      { name: 'node:crypto verify, cached key (the limit)', op: () => verify('sha256', rsInputBytes, rsa.publicKey, rsSignature) },
      { name: 'aws-jwt-verify verifySync', op: () => awsVerifier.verifySync(rsToken) },
      { name: 'jose.jwtVerify', op: () => jwtVerify(rsToken, rsa.publicKey, { algorithms: ['RS256'] }) },
      { name: 'Gatehouse warm decision', op: () => rsHandler(rsEvent) },
    ],
    scale,
  );

  // HS256.
  const secret = Buffer.alloc(32, 7).toString('base64');
  const hsKey = mintApiKeyToken();
  const hsInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...claims, 'https://gatehouse.dev/sub': hsKey })}`;
  const hsToken = `${hsInput}.${createHmac('sha256', secret).update(hsInput).digest('base64url')}`;
  const hsInputBytes = Buffer.from(hsInput);
  const hsSignature = Buffer.from(hsToken.slice(hsToken.lastIndexOf('.') + 1), 'base64url');
  const hsHandler = gatehouse([record(hsKey, { method: 'hmac', secretRefs: [SECRET_ARN] })], { [SECRET_ARN]: secret });
  const hsEvent = benchEvent(hsToken);
  const hs256 = await measureInterleaved(
    [
      { name: 'node:crypto HMAC + timingSafeEqual (the limit)', op: () => timingSafeEqual(createHmac('sha256', secret).update(hsInputBytes).digest(), hsSignature) },
      { name: 'Gatehouse warm decision', op: () => hsHandler(hsEvent) },
    ],
    scale,
  );

  // ES256 through an OIDC client: the provider's key set on loopback, fetched once, then cached.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === '/.well-known/openid-configuration') return void response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    response.end(JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'ES256', use: 'sig' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const esKey = mintApiKeyToken();
  const esInput = `${base64url({ alg: 'ES256', typ: 'at+jwt', kid: 'idp-1' })}.${base64url({ ...claims, 'https://gatehouse.dev/sub': esKey, iss: issuer, aud: AUDIENCE })}`;
  const esToken = `${esInput}.${sign('sha256', Buffer.from(esInput), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  const esInputBytes = Buffer.from(esInput);
  const esSignature = Buffer.from(esToken.slice(esToken.lastIndexOf('.') + 1), 'base64url');
  const esPublic = createPublicKey(ec.publicKey.export({ format: 'pem', type: 'spki' }));
  const esHandler = gatehouse([record(esKey, { method: 'oidc', discoveryUrl: `${issuer}/.well-known/openid-configuration`, audiences: [AUDIENCE] })]);
  const esEvent = benchEvent(esToken);
  const es256 = await measureInterleaved(
    [
      { name: 'node:crypto ES256 verify, cached key (the limit)', op: () => verify('sha256', esInputBytes, { key: esPublic, dsaEncoding: 'ieee-p1363' }, esSignature) },
      { name: 'Gatehouse warm decision (OIDC, JWKS cached)', op: () => esHandler(esEvent) },
    ],
    scale,
  );
  server.close();

  // Every Gatehouse row must have been an allow: a fast refusal would flatter the numbers.
  for (const [handler, event] of [[rsHandler, rsEvent], [hsHandler, hsEvent], [esHandler, esEvent]] as const) {
    const result = await handler(event);
    if (!('policyDocument' in result) || result.policyDocument.Statement[0]?.Effect !== 'Allow') throw new Error('benchmark decision was not an allow');
  }

  const median = (rows: RowResult[], index: number) => (rows[index] as RowResult).medianUs;
  return {
    rs256,
    hs256,
    es256,
    decisionToLimit: median(rs256, 3) / median(rs256, 0),
    decisionToAwsJwtVerify: median(rs256, 3) / median(rs256, 1),
    hs256DecisionToRaw: median(hs256, 1) / median(hs256, 0),
    report: [formatRows('RS256 (2048-bit), same token for every row', rs256), formatRows('HS256', hs256), formatRows('ES256 through an OIDC client', es256)].join('\n\n'),
  };
}
