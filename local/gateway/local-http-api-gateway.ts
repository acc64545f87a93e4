/**
 * A local stand-in for an HTTP API (API Gateway v2) in front of the demo API, with a Lambda REQUEST
 * authorizer on payload format 2.0, configured as GatehouseHttpApi configures one on AWS:
 * - routes: HTTP API route selection (record/http-api-routes.ts); no route matches: 404 Not Found;
 * - identity sources: the Authorization header, the source address and the route key; no Authorization
 *   header: 401 without calling the authorizer;
 * - the event: payload 2.0 (./http-api-event.ts), the source address from the socket, never a header;
 * - the result cache: per identity source values (so per route), for the result TTL;
 * - the answer: simple responses (`isAuthorized`) or an IAM policy evaluated against the route ARN;
 *   a refusal is 403 `{"message":"Forbidden"}`: HTTP APIs have no gateway responses to carry a reason;
 * - no usage plans, which HTTP APIs do not have: no per-client rate limits or quotas;
 * - then the demo backend, which echoes the authorizer's context.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AuthorizerResponse } from '../../lambda/api-gateway-event';
import { HttpApiRouter, parseRouteKey, type RouteKey } from '../../record/http-api-routes';
import { pathSegments } from '../../record/routes';
import { demoBackend } from './demo-backend';
import { httpApiRequestEvent, joinedHeaders } from './http-api-event';
import { type HttpApiAuthorizer, httpApiAnswerFor, invokeHttpApiAuthorizer } from './invoke-http-api-authorizer';
import { gatewayListener, type LocalGateway, listenOnLoopback, rawHeaderPairs, requestBasics, send } from './gateway-server';

/** Where the local HTTP API says requests arrive, in the route ARNs it sends the authorizer. */
export const LOCAL_HTTP_API = { region: 'eu-west-1', accountId: '000000000000', apiId: 'localhttp', stage: '$default' } as const;

export interface LocalHttpApiGatewayOptions {
  readonly port: number;
  readonly authorizer: HttpApiAuthorizer;
  /** The API's route keys: `GET /orders/{id}`, `ANY /{proxy+}`, `$default`. */
  readonly routes: readonly string[];
  readonly resultTtlSeconds: number;
  /** As the authorizer's `enableSimpleResponses`; otherwise the answer is an IAM policy. */
  readonly simpleResponses: boolean;
  /** One line per request, for the terminal. */
  readonly accessLog?: (line: string) => void;
  readonly now?: () => number;
}

function routeKey(text: string): RouteKey {
  const parsed = parseRouteKey(text);
  if (!parsed.ok) throw new Error(`route key ${JSON.stringify(text)} ${parsed.problem}`);
  return parsed.value;
}

export async function startLocalHttpApiGateway(options: LocalHttpApiGatewayOptions): Promise<LocalGateway> {
  const router = new HttpApiRouter(options.routes.map(routeKey));
  const now = options.now ?? Date.now;
  const cache = new Map<string, { result: AuthorizerResponse; expiresAt: number }>();
  let authorizerCalls = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { started, requestId, url, method, sourceIp } = requestBasics(request, now);
    const log = (status: number, note: string) => options.accessLog?.(`HTTP API ${method} ${url.pathname} → ${status} ${note} (${now() - started} ms, from ${sourceIp})`);
    const headers = { 'apigw-requestid': requestId };

    const route = router.route(method, pathSegments(url.pathname));
    if (!route) return void (send(response, 404, { message: 'Not Found' }, headers), log(404, 'no such route'));
    const pairs = rawHeaderPairs(request);
    const authorization = joinedHeaders(pairs).authorization;
    if (!authorization) return void (send(response, 401, { message: 'Unauthorized' }, headers), log(401, 'no Authorization header'));

    const identitySource = [authorization, sourceIp, route];
    const event = httpApiRequestEvent({ ...LOCAL_HTTP_API, method, path: url.pathname, rawQueryString: url.search.slice(1), routeKey: route, headers: pairs, sourceIp, identitySource, requestId, timeEpoch: started });
    const cacheKey = identitySource.join('\u0000');
    const cached = cache.get(cacheKey);
    let result: AuthorizerResponse | undefined;
    let status: 200 | 401 | 403 | 500;
    if (cached && cached.expiresAt > now()) {
      result = cached.result;
      status = httpApiAnswerFor(result, event.routeArn, options.simpleResponses);
    } else {
      authorizerCalls++;
      const answer = await invokeHttpApiAuthorizer(options.authorizer, event, options.simpleResponses);
      status = answer.status;
      result = answer.result;
      if (result && options.resultTtlSeconds > 0) cache.set(cacheKey, { result, expiresAt: now() + options.resultTtlSeconds * 1000 });
    }

    const context = ((result && 'context' in result ? result.context : undefined) ?? {}) as Record<string, unknown>;
    const who = context.client ? ` client=${context.client} key=${context.key}` : '';
    const fromCache = cached && result === cached.result ? ' (cached decision)' : '';
    if (status === 401) return void (send(response, 401, { message: 'Unauthorized' }, headers), log(401, 'authorizer: Unauthorized'));
    if (status === 500) return void (send(response, 500, { message: 'Internal Server Error' }, headers), log(500, 'authorizer failed'));
    if (status === 403) return void (send(response, 403, { message: 'Forbidden' }, headers), log(403, `denied: ${context.denyReason}${who}${fromCache}`));

    const backend = demoBackend({ method, resourcePath: route.slice(route.indexOf(' ') + 1), path: url.pathname, authorizerContext: context });
    send(response, backend.status, backend.body, headers);
    log(backend.status, `allowed${who}${fromCache}`);
  };

  const server = createServer(gatewayListener(handle, { log: options.accessLog, label: 'HTTP API gateway error', body: { message: 'Internal Server Error' } }));
  return listenOnLoopback(server, options.port, 'http', () => authorizerCalls, cache);
}
