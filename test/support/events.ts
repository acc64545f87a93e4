/** API Gateway REST REQUEST authorizer events for tests, built as API Gateway sends them, with test defaults. */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { restRequestEvent } from '../../local/gateway/rest-request-event';

export const API_ARN_BASE = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/';

export interface EventOptions {
  readonly authorization?: string | string[];
  readonly sourceIp?: string;
  readonly method?: string;
  readonly path?: string;
  readonly clientCertPem?: string;
}

export function authorizerEvent(options: EventOptions = {}): APIGatewayRequestAuthorizerEvent {
  const values = options.authorization === undefined ? [] : Array.isArray(options.authorization) ? options.authorization : [options.authorization];
  return restRequestEvent({
    region: 'eu-west-1',
    accountId: '123456789012',
    apiId: 'abcdef1234',
    stage: 'prod',
    method: options.method ?? 'GET',
    path: options.path ?? '/orders/42',
    headers: [['Host', 'abcdef1234.execute-api.eu-west-1.amazonaws.com'], ['User-Agent', 'test'], ...values.map((value) => ['Authorization', value] as const)],
    sourceIp: options.sourceIp ?? '203.0.113.10',
    clientCertPem: options.clientCertPem,
    requestId: 'req-0001',
    requestTimeEpoch: Date.now(),
  });
}
