/**
 * The event an HTTP API sends its Lambda authorizer in payload format 2.0, built the way AWS documents
 * it ("Working with AWS Lambda authorizers for HTTP APIs") and its samples show it (../shared/aws-events/):
 * header names in lower case, a repeated header's values joined with commas (cookies go to `cookies`),
 * the route ARN naming API, stage, method and path, the route key API Gateway matched, the connection's
 * address in `requestContext.http.sourceIp`, and `identitySource` holding the identity sources' values
 * in the authorizer's order. The local HTTP API gateway and the tests build events here.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { RestRequest } from './rest-request-event';

/** The request as an HTTP API sees it: what a REST API sees (API, stage, method, path, headers, address), and its route. */
export interface HttpApiRequest extends Pick<RestRequest, 'region' | 'accountId' | 'apiId' | 'method' | 'path' | 'headers' | 'sourceIp' | 'clientCertPem' | 'requestId'> {
  /** `$default` for the default stage, which serves paths without a stage prefix. */
  readonly stage: string;
  readonly rawQueryString?: string;
  /** The route API Gateway selected, e.g. `GET /orders/{id}` or `$default`. */
  readonly routeKey: string;
  /** The values of the authorizer's identity sources, in its order. */
  readonly identitySource: readonly string[];
  readonly timeEpoch: number;
}

/** Headers as an HTTP API passes them on: names in lower case, repeated values joined with commas. */
export function joinedHeaders(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') continue;
    headers[lower] = lower in headers ? `${headers[lower]},${value}` : value;
  }
  return headers;
}

export function httpApiRequestEvent(request: HttpApiRequest): APIGatewayRequestAuthorizerEventV2 {
  const headers = joinedHeaders(request.headers);
  const cookies = request.headers.filter(([name]) => name.toLowerCase() === 'cookie').flatMap(([, value]) => value.split(';').map((cookie) => cookie.trim()));
  const query = new URLSearchParams(request.rawQueryString ?? '');
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of query) queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${request.region}:${request.accountId}:${request.apiId}/${request.stage}/${request.method}${request.path}`,
    identitySource: [...request.identitySource],
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString ?? '',
    cookies,
    headers,
    queryStringParameters,
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      authentication: request.clientCertPem ? { clientCert: { clientCertPem: request.clientCertPem } } : undefined,
      domainName: `${request.apiId}.execute-api.${request.region}.amazonaws.com`,
      domainPrefix: request.apiId,
      http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: request.requestId,
      routeKey: request.routeKey,
      stage: request.stage,
      time: new Date(request.timeEpoch).toUTCString(),
      timeEpoch: request.timeEpoch,
    } as unknown as APIGatewayRequestAuthorizerEventV2['requestContext'],
    pathParameters: {},
    stageVariables: {},
  };
}
