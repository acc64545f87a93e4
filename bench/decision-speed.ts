/**
 * The warm decision against the limit and the peer, on the same tokens, like with like:
 * - the limit: raw node:crypto verify (or HMAC and timingSafeEqual) with a cached key and decoded bytes;
 * - the peer, aws-jwt-verify, configured as its documentation does (issuer and audience set, JWKS
 *   cached, so each key is imported once), beside other configurations, labelled;
 * - Gatehouse: the built bundle's handler as deployed, API Gateway event in, policy out, its decision
 *   line written by its own writer (one write system call, as to stdout on Lambda) to /dev/null. Extra
 *   rows show the same write to a pipe whose reader (another process) must be woken, which on a shared
 *   virtual machine costs far more than the write itself, and the line discarded.
 * RS256 with a client's registered key, HS256 with a shared secret, ES256 through an OIDC client whose
 * key set is served on loopback (fetched once, then cached).
 */
import { createHmac, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { jwtVerify } from 'jose';
import { hashApiKeyToken, mintApiKeyToken } from '../record/api-key-token';
import { type AuthRecord, checkKeyRecord, type KeyRecord, RECORD_SCHEMA_VERSION } from '../record/key-record';
import { rsaThumbprint } from '../record/signing';
import { benchEvent } from './events';
import { benchHandler, type Handler, type LogTarget, openDevNull, openDrainedPipe } from './lambda-like-handler';
import { formatRatio, formatRows, measureInterleaved, type Ratio, ratioOf, type RowResult, type Scale } from './measure';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-AbCdEf';
const AUDIENCE = 'api://bench';
const RSA_ISSUER = 'https://issuer.bench.example';

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

async function expectAllow(handler: Handler, event: ReturnType<typeof benchEvent>): Promise<void> {
  const result = await handler(event);
  // A fast refusal would flatter the numbers: every Gatehouse row must be an allow.
  if (!('policyDocument' in result) || result.policyDocument.Statement[0]?.Effect !== 'Allow') throw new Error('benchmark decision was not an allow');
}

export interface DecisionSpeed {
  readonly rs256: RowResult[];
  readonly hs256: RowResult[];
  readonly es256: RowResult[];
  readonly report: string;
  /** RS256: the handler as deployed against the limit and the well-configured peer; HS256 against raw HMAC. */
  readonly decisionToLimit: Ratio;
  readonly decisionToAwsJwtVerify: Ratio;
  readonly hs256DecisionToRaw: Ratio;
  readonly es256DecisionToRaw: Ratio;
  /** RS256: the signature as it costs inside a decision plus the line's write, as a multiple of the same math in a tight loop beside it. */
  readonly floorToLimit: number;
  /** HS256: the same for the MAC. */
  readonly hs256FloorToLimit: number;
}

/** node:crypto's calls the signature math is made of, as the module holds them. */
type CryptoCalls = Pick<typeof import('node:crypto'), 'verify' | 'createHmac' | 'timingSafeEqual'>;

/**
 * The signature math as it costs inside the handler's decisions, beside the same math in a tight loop.
 * The limit's loop runs nothing but the math, so its caches and branch predictors stay warm for it; a
 * decision runs decoding, lookups, a system call and the line between two signatures, and the same call
 * then takes longer. node:crypto's calls are wrapped for this measurement only (the bundle looks them up
 * on the module at each call), so the handler itself is unchanged: RS256 is timed around `verify`, HS256
 * from `createHmac` to the `timingSafeEqual` that follows it. The tight loop calls the unwrapped functions.
 */
async function signatureInsideDecisions(handler: Handler, event: ReturnType<typeof benchEvent>, math: (raw: CryptoCalls) => unknown, scale: Scale) {
  const crypto = require('node:crypto') as CryptoCalls;
  const raw: CryptoCalls = { verify: crypto.verify, createHmac: crypto.createHmac, timingSafeEqual: crypto.timingSafeEqual };
  const inside: number[] = [];
  const alone: number[] = [];
  let macStarted: number | undefined;
  // Fixed parameters, no rest arrays: the handler passes these, and the wrappers should add as little as they can.
  crypto.verify = ((algorithm: string | null, data: NodeJS.ArrayBufferView, key: Parameters<CryptoCalls['verify']>[2], signature: NodeJS.ArrayBufferView) => {
    const started = performance.now();
    const verified = raw.verify(algorithm, data, key, signature);
    inside.push(performance.now() - started);
    return verified;
  }) as CryptoCalls['verify'];
  crypto.createHmac = ((algorithm: string, key: Parameters<CryptoCalls['createHmac']>[1]) => {
    macStarted = performance.now();
    return raw.createHmac(algorithm, key);
  }) as CryptoCalls['createHmac'];
  crypto.timingSafeEqual = (a, b) => {
    const equal = raw.timingSafeEqual(a, b);
    if (macStarted !== undefined) inside.push(performance.now() - macStarted);
    macStarted = undefined;
    return equal;
  };
  try {
    for (let round = 0; round < scale.rounds; round++) {
      for (let i = 0; i < scale.opsPerRound; i++) await expectAllow(handler, event);
      for (let i = 0; i < scale.opsPerRound; i++) {
        const started = performance.now();
        math(raw);
        alone.push(performance.now() - started);
      }
    }
  } finally {
    Object.assign(crypto, raw);
  }
  const median = (values: number[]) => (values.sort((a, b) => a - b)[values.length >> 1] as number) * 1000;
  return { insideUs: median(inside), tightUs: median(alone), samples: alone.length };
}

export async function benchDecisionSpeed(scale: Scale): Promise<DecisionSpeed> {
  const devNull = openDevNull();
  const pipe = openDrainedPipe();
  try {
    return await measureAll(scale, devNull, pipe);
  } finally {
    await Promise.all([devNull.close(), pipe.close()]);
  }
}

async function measureAll(scale: Scale, log: LogTarget, pipe: LogTarget): Promise<DecisionSpeed> {
  const now = Math.floor(Date.now() / 1000);
  const apiKey = mintApiKeyToken();
  // iss and aud are there for aws-jwt-verify, which checks them; Gatehouse's RSA clients sign their own tokens.
  const claims = { sub: 'orders-sync', iss: RSA_ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, 'https://gatehouse.dev/sub': apiKey };

  // RS256: one token, verified by every row.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const rsInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })}.${base64url(claims)}`;
  const rsToken = `${rsInput}.${sign('sha256', Buffer.from(rsInput), rsa.privateKey).toString('base64url')}`;
  const rsInputBytes = Buffer.from(rsInput);
  const rsSignature = Buffer.from(rsToken.slice(rsToken.lastIndexOf('.') + 1), 'base64url');
  const jwks = { keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, kid: 'bench-key-1', alg: 'RS256', use: 'sig' }] };
  // As aws-jwt-verify's README configures it: issuer and audience set, the JWKS cached (cacheJwks
  // instead of hydrate(), which would fetch it); the key object is then imported once per kid.
  const awsVerifier = JwtRsaVerifier.create({ issuer: RSA_ISSUER, audience: AUDIENCE, jwksUri: 'https://issuer.bench.example/jwks.json' });
  awsVerifier.cacheJwks(jwks);
  // issuer null: accepted by aws-jwt-verify, but its key cache is keyed by issuer, so each call imports the JWK.
  const awsVerifierNoIssuer = JwtRsaVerifier.create({ issuer: null, audience: null, jwksUri: 'https://issuer.bench.example/jwks.json' });
  awsVerifierNoIssuer.cacheJwks(jwks);
  const rsaRecord = record(apiKey, { method: 'rsa', publicKeys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, thumbprint: rsaThumbprint(jwk.n, jwk.e) }] });
  const rsHandler = benchHandler({ records: [rsaRecord], log });
  const rsHandlerToPipe = benchHandler({ records: [rsaRecord], log: pipe });
  const rsHandlerNoWrite = benchHandler({ records: [rsaRecord], log: 'discard' });
  const rsEvent = benchEvent(rsToken);
  for (const handler of [rsHandler, rsHandlerToPipe, rsHandlerNoWrite]) await expectAllow(handler, rsEvent);
  awsVerifier.verifySync(rsToken);
  awsVerifierNoIssuer.verifySync(rsToken);

  const rs256 = await measureInterleaved(
    [
      { name: 'node:crypto verify, cached key (the limit)', op: () => verify('sha256', rsInputBytes, rsa.publicKey, rsSignature) },
      { name: 'aws-jwt-verify verifySync, issuer + audience set, JWKS cached (as documented)', op: () => awsVerifier.verifySync(rsToken) },
      { name: 'Gatehouse handler as deployed, decision line written (to /dev/null)', op: () => rsHandler(rsEvent) },
      { name: 'extra: aws-jwt-verify verifySync, issuer null (JWK imported per call)', op: () => awsVerifierNoIssuer.verifySync(rsToken) },
      { name: 'extra: jose.jwtVerify', op: () => jwtVerify(rsToken, rsa.publicKey, { algorithms: ['RS256'] }) },
      { name: 'extra: Gatehouse handler, line written to a pipe another process drains', op: () => rsHandlerToPipe(rsEvent) },
      { name: 'extra: Gatehouse handler, line built but not written', op: () => rsHandlerNoWrite(rsEvent) },
    ],
    scale,
  );

  const signatureInside = await signatureInsideDecisions(rsHandler, rsEvent, (raw) => raw.verify('sha256', rsInputBytes, rsa.publicKey, rsSignature), scale);

  // HS256.
  const secret = Buffer.alloc(32, 7).toString('base64');
  const hsKey = mintApiKeyToken();
  const hsInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...claims, 'https://gatehouse.dev/sub': hsKey })}`;
  const hsToken = `${hsInput}.${createHmac('sha256', secret).update(hsInput).digest('base64url')}`;
  const hsInputBytes = Buffer.from(hsInput);
  const hsSignature = Buffer.from(hsToken.slice(hsToken.lastIndexOf('.') + 1), 'base64url');
  const hsRecords = [record(hsKey, { method: 'hmac', secretRefs: [SECRET_ARN] })];
  const hsHandler = benchHandler({ records: hsRecords, secrets: { [SECRET_ARN]: secret }, log });
  const hsHandlerNoWrite = benchHandler({ records: hsRecords, secrets: { [SECRET_ARN]: secret }, log: 'discard' });
  const hsEvent = benchEvent(hsToken);
  await expectAllow(hsHandler, hsEvent);
  await expectAllow(hsHandlerNoWrite, hsEvent);
  const hs256 = await measureInterleaved(
    [
      { name: 'node:crypto HMAC + timingSafeEqual (the limit)', op: () => timingSafeEqual(createHmac('sha256', secret).update(hsInputBytes).digest(), hsSignature) },
      { name: 'Gatehouse handler as deployed, decision line written (to /dev/null)', op: () => hsHandler(hsEvent) },
      { name: 'extra: Gatehouse handler, line built but not written', op: () => hsHandlerNoWrite(hsEvent) },
    ],
    scale,
  );

  const macInside = await signatureInsideDecisions(hsHandler, hsEvent, (raw) => raw.timingSafeEqual(raw.createHmac('sha256', secret).update(hsInputBytes).digest(), hsSignature), scale);

  // ES256 through an OIDC client: the provider's key set on loopback, fetched once, then cached.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === '/.well-known/openid-configuration') return void response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    response.end(JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'ES256', use: 'sig' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let es256: RowResult[];
  try {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const esKey = mintApiKeyToken();
    const esInput = `${base64url({ alg: 'ES256', typ: 'at+jwt', kid: 'idp-1' })}.${base64url({ ...claims, 'https://gatehouse.dev/sub': esKey, iss: issuer, aud: AUDIENCE })}`;
    const esToken = `${esInput}.${sign('sha256', Buffer.from(esInput), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    const esInputBytes = Buffer.from(esInput);
    const esSignature = Buffer.from(esToken.slice(esToken.lastIndexOf('.') + 1), 'base64url');
    const esPublic = createPublicKey(ec.publicKey.export({ format: 'pem', type: 'spki' }));
    const esHandler = benchHandler({ records: [record(esKey, { method: 'oidc', discoveryUrl: `${issuer}/.well-known/openid-configuration`, audiences: [AUDIENCE] })], log });
    const esEvent = benchEvent(esToken);
    await expectAllow(esHandler, esEvent);
    es256 = await measureInterleaved(
      [
        { name: 'node:crypto ES256 verify, cached key (the limit)', op: () => verify('sha256', esInputBytes, { key: esPublic, dsaEncoding: 'ieee-p1363' }, esSignature) },
        { name: 'Gatehouse handler as deployed (OIDC, JWKS cached), line written (to /dev/null)', op: () => esHandler(esEvent) },
      ],
      scale,
    );
    await expectAllow(esHandler, esEvent);
  } finally {
    server.close();
  }
  await expectAllow(rsHandler, rsEvent);
  await expectAllow(hsHandler, hsEvent);

  const row = (rows: RowResult[], index: number) => rows[index] as RowResult;
  const decisionToLimit = ratioOf(row(rs256, 2), row(rs256, 0));
  const decisionToAwsJwtVerify = ratioOf(row(rs256, 2), row(rs256, 1));
  const hs256DecisionToRaw = ratioOf(row(hs256, 1), row(hs256, 0));
  const es256DecisionToRaw = ratioOf(row(es256, 1), row(es256, 0));
  const writeCostUs = (rows: RowResult[], written: number, discarded: number) => row(rows, written).medianUs - row(rows, discarded).medianUs;
  const writeCost = (rows: RowResult[], written: number, discarded: number) => writeCostUs(rows, written, discarded).toFixed(2);
  // What no handler that verifies and writes its line can go below: the signature as it costs inside a decision, plus the write.
  const floorUs = signatureInside.insideUs + writeCostUs(rs256, 2, 6);
  const hsFloorUs = macInside.insideUs + writeCostUs(hs256, 1, 2);
  const insideLine = (what: string, measured: typeof signatureInside) =>
    `  the ${what} inside a decision  ${measured.insideUs.toFixed(2)} µs, the same math in a tight loop ${measured.tightUs.toFixed(2)} µs (medians of ${measured.samples} each, interleaved)`;
  // As a multiple of the tight loop measured beside it, in the same rounds: the machine's speed drifts between phases.
  const floorLine = (floor: number, measured: typeof signatureInside) => `  floor: that + the write, nothing else = ${floor.toFixed(2)} µs = ${(floor / measured.tightUs).toFixed(2)} × the math in the tight loop beside it`;
  return {
    rs256,
    hs256,
    es256,
    decisionToLimit,
    decisionToAwsJwtVerify,
    hs256DecisionToRaw,
    es256DecisionToRaw,
    floorToLimit: floorUs / signatureInside.tightUs,
    hs256FloorToLimit: hsFloorUs / macInside.tightUs,
    report: [
      formatRows('RS256 (2048-bit), same token for every row', rs256),
      `  handler / limit            ${formatRatio(decisionToLimit)}`,
      `  handler / aws-jwt-verify   ${formatRatio(decisionToAwsJwtVerify)}`,
      `  writing the decision line  ${writeCost(rs256, 2, 6)} µs to /dev/null, ${writeCost(rs256, 5, 6)} µs to the pipe (medians, written minus discarded)`,
      insideLine('signature', signatureInside),
      floorLine(floorUs, signatureInside),
      '',
      formatRows('HS256', hs256),
      `  handler / limit            ${formatRatio(hs256DecisionToRaw)}`,
      `  writing the decision line  ${writeCost(hs256, 1, 2)} µs to /dev/null (medians, written minus discarded)`,
      insideLine('MAC', macInside),
      floorLine(hsFloorUs, macInside),
      '',
      formatRows('ES256 through an OIDC client', es256),
      `  handler / limit            ${formatRatio(es256DecisionToRaw)}`,
    ].join('\n'),
  };
}
