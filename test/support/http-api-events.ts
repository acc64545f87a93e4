/** HTTP API (payload 2.0) authorizer events for tests, built as API Gateway sends them, with test defaults. */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { httpApiRequestEvent } from '../../local/gateway/http-api-event';

export const HTTP_API_ARN_BASE = 'arn:aws:execute-api:eu-west-1:123456789012:httpapi123/$default/';

export interface HttpEventOptions {
  readonly authorization?: string | string[];
  readonly sourceIp?: string;
  readonly method?: string;
  readonly path?: string;
  readonly routeKey?: string;
}

export function httpApiEvent(options: HttpEventOptions = {}): APIGatewayRequestAuthorizerEventV2 {
  const values = options.authorization === undefined ? [] : Array.isArray(options.authorization) ? options.authorization : [options.authorization];
  const sourceIp = options.sourceIp ?? '203.0.113.10';
  const routeKey = options.routeKey ?? 'GET /orders/{id}';
  return httpApiRequestEvent({
    region: 'eu-west-1',
    accountId: '123456789012',
    apiId: 'httpapi123',
    stage: '$default',
    method: options.method ?? 'GET',
    path: options.path ?? '/orders/42',
    routeKey,
    headers: [['Host', 'httpapi123.execute-api.eu-west-1.amazonaws.com'], ['User-Agent', 'test'], ...values.map((value) => ['Authorization', value] as const)],
    sourceIp,
    identitySource: [values.join(','), sourceIp, routeKey],
    requestId: 'req-0002',
    timeEpoch: Date.now(),
  });
}
