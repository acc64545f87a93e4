/**
 * Decisions while an identity provider's key-set endpoint hangs: accepts connections, never answers.
 * The provider serves normally first (keys cached), then hangs while requests arrive one at a time, as
 * in one Lambda execution environment, for longer than several refresh periods (key set and discovery refreshed every second, fetches time
 * out after 2 s). With stale-while-revalidate no request should wait for the provider, and at most one
 * fetch should be open at a time. A token naming a key the cached set lacks must then fail closed as
 * `identity_provider_unavailable`, not be told its token is bad.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashApiKeyToken, mintApiKeyToken } from '../record/api-key-token';
import { checkKeyRecord, RECORD_SCHEMA_VERSION } from '../record/key-record';
import { benchEvent } from './events';
import { benchHandler } from './lambda-like-handler';

const AUDIENCE = 'api://bench';

export interface ProviderHang {
  readonly requests: number;
  readonly refused: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly jwksRequestsDuringHang: number;
  readonly maxOpenJwksRequests: number;
  readonly unknownKidAnswer: string;
  readonly report: string;
}

export async function benchProviderHang(options: { durationMs: number; intervalMs: number }): Promise<ProviderHang> {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let hanging = false;
  let jwksRequestsDuringHang = 0;
  let openJwks = 0;
  let maxOpenJwks = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === '/.well-known/openid-configuration') return void response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (!hanging) return void response.end(JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'ES256', use: 'sig' }] }));
    jwksRequestsDuringHang++;
    maxOpenJwks = Math.max(maxOpenJwks, ++openJwks);
    response.once('close', () => openJwks--); // the client gave up; nothing is ever sent
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const devNull = openSync('/dev/null', 'w');
  try {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const apiKey = mintApiKeyToken();
    const now = Math.floor(Date.now() / 1000);
    const tokenFor = (kid: string, key = ec.privateKey) => {
      const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid })).toString('base64url');
      const claims = { sub: 'orders-sync', iss: issuer, aud: AUDIENCE, iat: now, exp: now + 3600, 'https://gatehouse.dev/sub': apiKey };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    };
    const record = checkKeyRecord({
      schemaVersion: RECORD_SCHEMA_VERSION,
      keyHash: hashApiKeyToken(apiKey),
      key: { name: 'bench', enabled: true, allowedIps: [], blockedIps: [] },
      client: {
        name: 'bench-idp-client',
        enabled: true,
        auth: { method: 'oidc', discoveryUrl: `${issuer}/.well-known/openid-configuration`, audiences: [AUDIENCE] },
        collections: [{ name: 'orders', routes: ['GET /orders/{id}'] }],
        policy: { allow: ['GET/orders/*'], deny: [] },
        tokenRules: { requireExpiry: true },
      },
    });
    const handler = benchHandler({
      records: [record],
      log: { fd: devNull },
      env: { GATEHOUSE_OIDC_JWKS_REFRESH_SECONDS: '1', GATEHOUSE_OIDC_DISCOVERY_REFRESH_SECONDS: '1', GATEHOUSE_OIDC_FETCH_TIMEOUT_MS: '2000' },
    });
    const event = benchEvent(tokenFor('idp-1'));
    await handler(event); // keys fetched and cached while the provider still answers
    hanging = true;

    // As in one Lambda execution environment: one request at a time, with the event loop free between
    // requests for the background fetch (and its timeout) to make progress.
    const latencies: number[] = [];
    let refused = 0;
    const started = performance.now();
    while (performance.now() - started < options.durationMs) {
      const sent = performance.now();
      const allowed = await handler(event).then(
        (result) => 'policyDocument' in result && result.policyDocument.Statement[0]?.Effect === 'Allow',
        () => false,
      );
      latencies.push(performance.now() - sent);
      if (!allowed) refused++;
      await sleep(options.intervalMs);
    }

    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const unknownKid = await handler(benchEvent(tokenFor('idp-2', other))).then(
      () => 'allowed',
      (error: Error) => error.message,
    );

    latencies.sort((a, b) => a - b);
    const at = (fraction: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] as number;
    const result = {
      requests: latencies.length,
      refused,
      medianMs: at(0.5),
      p99Ms: at(0.99),
      maxMs: latencies[latencies.length - 1] as number,
      jwksRequestsDuringHang,
      maxOpenJwksRequests: maxOpenJwks,
      unknownKidAnswer: unknownKid,
    };
    return {
      ...result,
      report: [
        `Identity provider's key-set endpoint hanging (${(options.durationMs / 1000).toFixed(0)} s of requests one at a time, ${options.intervalMs} ms apart; refresh due every 1 s, fetch timeout 2 s)`,
        `  requests                          ${result.requests} (${result.refused} not allowed)`,
        `  latency                           median ${result.medianMs.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, max ${result.maxMs.toFixed(2)} ms`,
        `  key-set fetches during the hang   ${result.jwksRequestsDuringHang}, at most ${result.maxOpenJwksRequests} open at a time`,
        `  a token with an unknown kid       ${result.unknownKidAnswer}`,
      ].join('\n'),
    };
  } finally {
    closeSync(devNull);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
