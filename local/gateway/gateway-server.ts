/**
 * What both local gateways (REST and HTTP API) do alike around a request: read its basics, answer JSON,
 * serve on 127.0.0.1, turn a handler's failure into a 500, and close.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  /** Authorizer invocations, for tests of the result cache. */
  readonly authorizerCalls: () => number;
  /**
   * Forgets every cached authorizer result, as API Gateway's FlushStageAuthorizersCache does for a stage;
   * returns how many were cached. The authorizer's own record cache is untouched, as on AWS.
   */
  flushAuthorizerCache(): number;
  close(): Promise<void>;
}

/** What every request starts with: when, an id, the URL, the method and the connection's address (never a header). */
export function requestBasics(request: IncomingMessage, now: () => number) {
  return {
    started: now(),
    requestId: randomUUID(),
    url: new URL(request.url ?? '/', 'http://localhost'),
    method: request.method ?? 'GET',
    sourceIp: request.socket.remoteAddress ?? '',
  };
}

/** The request's headers as name and value pairs, in arrival order, repeats kept. */
export function rawHeaderPairs(request: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) pairs.push([request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string]);
  return pairs;
}

export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(`${JSON.stringify(body)}\n`);
}

/** A request listener running `handle`; if it fails, the failure is logged and the caller gets a 500 with `errorBody`. */
export function gatewayListener(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  onError: { readonly log?: (line: string) => void; readonly label: string; readonly body: unknown },
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      onError.log?.(`${onError.label}: ${(error as Error).message}`);
      if (!response.headersSent) send(response, 500, onError.body);
    });
  };
}

/** Serves on 127.0.0.1 (port 0: any free port) until closed. */
export async function listenOnLoopback(server: Server, port: number, scheme: 'http' | 'https', authorizerCalls: () => number, cache: Map<string, unknown>): Promise<LocalGateway> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${bound}`,
    port: bound,
    authorizerCalls,
    flushAuthorizerCache: () => {
      const flushed = cache.size;
      cache.clear();
      return flushed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
