/**
 * The local run's admin endpoint, on 127.0.0.1 only: `POST /flush-authorizer-cache` empties every local
 * gateway's authorizer result cache, as API Gateway's FlushStageAuthorizersCache does for a stage, so
 * `gatehouse flush --local` and `gatehouse revoke --local` behave as they do on AWS. The caller must present
 * the run's admin token, which only run.json (owner-only) holds: another local user cannot flush.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from './gateway/gateway-server';
import type { LocalGateway } from './gateway/local-gateway';

export const FLUSH_PATH = '/flush-authorizer-cache';

export interface AdminServer {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(presented: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(presented ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startAdminServer(gateways: readonly LocalGateway[], log: (line: string) => void = () => undefined): Promise<AdminServer> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    if (!sameToken(request.headers.authorization, token)) return send(response, 401, { message: 'Unauthorized' });
    if (request.method !== 'POST' || request.url !== FLUSH_PATH) return send(response, 404, { message: 'Not Found' });
    const flushed = gateways.reduce((sum, gateway) => sum + gateway.flushAuthorizerCache(), 0);
    log(`  admin: authorizer result cache flushed (${flushed} cached results)`);
    send(response, 200, { flushed });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Asks a local run to flush its gateways' authorizer caches; returns how many results were cached. */
export async function flushLocalRun(admin: { readonly url: string; readonly token: string }): Promise<number> {
  const response = await fetch(`${admin.url}${FLUSH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` }, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`the local run refused the flush: HTTP ${response.status}`);
  return ((await response.json()) as { flushed: number }).flushed;
}
