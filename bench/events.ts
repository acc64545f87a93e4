/** The REST REQUEST event the benchmarks decide on: one GET of a collection route, as API Gateway sends it. */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { restRequestEvent } from '../local/gateway/rest-request-event';

export function benchEvent(token: string): APIGatewayRequestAuthorizerEvent {
  return restRequestEvent({
    region: 'eu-west-1',
    accountId: '123456789012',
    apiId: 'abcdef1234',
    stage: 'prod',
    method: 'GET',
    path: '/orders/42',
    headers: [['Host', 'abcdef1234.execute-api.eu-west-1.amazonaws.com'], ['Authorization', `Bearer ${token}`]],
    sourceIp: '203.0.113.10',
    requestId: 'bench',
    requestTimeEpoch: Date.now(),
  });
}
