/**
 * A local stand-in for API Gateway in front of the demo API, doing what API Gateway does with a
 * REQUEST authorizer:
 * - routes: unknown resources or methods get 403 "Missing Authentication Token";
 * - identity sources: no Authorization header → 401 without calling the authorizer;
 * - the event: built like API Gateway's, the source address from the socket (never a header);
 * - the result cache: per Authorization header and source address, for the result TTL;
 * - the policy: evaluated against this request's method ARN (401 / 403 / 500 as API Gateway answers);
 * - usage plans: the authorizer's usageIdentifierKey selects the plan; throttle and quota give 429;
 * - then the demo backend, which echoes the authorizer's context.
 * Over HTTPS with client certificates it also does the mutual-TLS part of a custom domain: the
 * certificate must chain to the truststore and be in date, or the request gets 403.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { demoBackend } from './demo-backend';
import { gatewayListener, type LocalGateway, listenOnLoopback, rawHeaderPairs, requestBasics, send } from './gateway-server';
import { answerFor, invokeAuthorizer, type RequestAuthorizer } from './invoke-authorizer';
import { restRequestEvent } from './rest-request-event';
import { type ApiRoute, ApiRouter, parseApiRoute, pathSegments, pathText } from '../../record/routes';
import type { UsagePlans } from './usage-plans';

/** Where the local gateway says requests arrive, in the method ARNs it sends the authorizer. */
export const LOCAL_API = { region: 'eu-west-1', accountId: '000000000000', apiId: 'local', stage: 'demo' } as const;
export const LOCAL_STAGE = LOCAL_API.stage;
export const LOCAL_ARN_PREFIX = `arn:aws:execute-api:${LOCAL_API.region}:${LOCAL_API.accountId}:${LOCAL_API.apiId}`;

export interface GatewayTls {
  readonly key: string;
  readonly cert: string;
  /** The truststore: CA certificates client certificates must chain to. Absent: no client certificates. */
  readonly truststore?: string;
}

export interface LocalGatewayOptions {
  readonly port: number;
  readonly authorizer: RequestAuthorizer;
  /** `[METHOD, /resource/{param}]` pairs of the API. */
  readonly routes: readonly (readonly [string, string])[];
  readonly usagePlans: UsagePlans;
  readonly resultTtlSeconds: number;
  readonly tls?: GatewayTls;
  /** One line per request, for the terminal. */
  readonly accessLog?: (line: string) => void;
  readonly now?: () => number;
}

export type { LocalGateway } from './gateway-server';

function apiRoute(text: string): ApiRoute {
  const parsed = parseApiRoute(text);
  if (!parsed.ok) throw new Error(`API route ${JSON.stringify(text)} ${parsed.problem}`);
  return parsed.value;
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const router = new ApiRouter(options.routes.map(([method, path]) => apiRoute(`${method} ${path}`)));
  const now = options.now ?? Date.now;
  const cache = new Map<string, { result: APIGatewayAuthorizerResult; expiresAt: number }>();
  let authorizerCalls = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { started, requestId, url, method, sourceIp } = requestBasics(request, now);
    const log = (status: number, note: string) => options.accessLog?.(`${method} ${url.pathname} → ${status} ${note} (${now() - started} ms, from ${sourceIp})`);
    const headers = { 'x-amzn-requestid': requestId };

    let clientCertPem: string | undefined;
    if (options.tls?.truststore) {
      const socket = request.socket as TLSSocket;
      const certificate = socket.getPeerX509Certificate?.();
      if (!certificate) return void (send(response, 403, { message: 'Forbidden' }, headers), log(403, 'mutual TLS: no client certificate'));
      if (!socket.authorized) return void (send(response, 403, { message: 'Forbidden' }, headers), log(403, `mutual TLS: ${socket.authorizationError}`));
      clientCertPem = certificate.toString();
    }

    // As API Gateway: the most specific resource for the path, then the method on it.
    const route = router.route(method, pathSegments(url.pathname));
    if (!route) return void (send(response, 403, { message: 'Missing Authentication Token' }, headers), log(403, 'no such route'));

    const authorization = rawHeaderPairs(request).findLast(([name]) => name.toLowerCase() === 'authorization')?.[1];
    if (!authorization) return void (send(response, 401, { message: 'Unauthorized' }, headers), log(401, 'no Authorization header'));

    const methodArn = `${LOCAL_ARN_PREFIX}/${LOCAL_STAGE}/${method}${url.pathname}`;
    const cacheKey = `${authorization}\u0000${sourceIp}`;
    const cached = cache.get(cacheKey);
    let result: APIGatewayAuthorizerResult | undefined;
    let status: 200 | 401 | 403 | 500;
    if (cached && cached.expiresAt > now()) {
      result = cached.result;
      status = answerFor(result, methodArn);
    } else {
      authorizerCalls++;
      const event = restRequestEvent({
        ...LOCAL_API,
        method,
        path: url.pathname,
        resourcePath: pathText(route.segments),
        headers: rawHeaderPairs(request),
        query: Object.fromEntries(url.searchParams),
        sourceIp,
        clientCertPem,
        requestId,
        requestTimeEpoch: started,
      });
      const answer = await invokeAuthorizer(options.authorizer, event);
      status = answer.status;
      result = answer.result;
      if (result && options.resultTtlSeconds > 0) cache.set(cacheKey, { result, expiresAt: now() + options.resultTtlSeconds * 1000 });
    }

    const context = (result?.context ?? {}) as Record<string, unknown>;
    const who = context.client ? ` client=${context.client} key=${context.key}` : '';
    if (status === 401) return void (send(response, 401, { message: 'Unauthorized' }, headers), log(401, 'authorizer: Unauthorized'));
    if (status === 500) return void (send(response, 500, { message: null }, headers), log(500, 'authorizer failed'));
    // As the platform's ACCESS_DENIED gateway response: the reason this result denies, which for a cached
    // result is not the reason of the request that produced it.
    if (status === 403) return void (send(response, 403, { message: 'Forbidden', reason: context.denyReason }, headers), log(403, `denied: ${context.denyReason}${who}${cached ? ' (cached decision)' : ''}`));

    const usageKey = result?.usageIdentifierKey;
    if (!usageKey || !options.usagePlans.has(usageKey)) return void (send(response, 403, { message: 'Forbidden' }, headers), log(403, `no usage plan${who}`));
    const admission = options.usagePlans.admit(usageKey);
    if (admission === 'throttled') return void (send(response, 429, { message: 'Too Many Requests' }, headers), log(429, `throttled${who}`));
    if (admission === 'quota_exceeded') return void (send(response, 429, { message: 'Limit Exceeded' }, headers), log(429, `quota exceeded${who}`));

    const backend = demoBackend({ method, resourcePath: pathText(route.segments), path: url.pathname, authorizerContext: context });
    send(response, backend.status, backend.body, headers);
    log(backend.status, `allowed${who}${cached ? ' (cached decision)' : ''}`);
  };

  const listener = gatewayListener(handle, { log: options.accessLog, label: 'gateway error', body: { message: null } });
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert, ca: options.tls.truststore, requestCert: options.tls.truststore !== undefined, rejectUnauthorized: false }, listener)
    : createHttpServer(listener);
  return listenOnLoopback(server, options.port, options.tls ? 'https' : 'http', () => authorizerCalls, cache);
}
