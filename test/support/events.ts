/** API Gateway REQUEST authorizer events as API Gateway sends them. */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

export const API_ARN_BASE = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/';

export interface EventOptions {
  readonly authorization?: string | string[];
  readonly sourceIp?: string;
  readonly method?: string;
  readonly path?: string;
  readonly clientCertPem?: string;
}

export function authorizerEvent(options: EventOptions = {}): APIGatewayRequestAuthorizerEvent {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/orders/42';
  const values = options.authorization === undefined ? [] : Array.isArray(options.authorization) ? options.authorization : [options.authorization];
  const headers: Record<string, string> = { Host: 'abcdef1234.execute-api.eu-west-1.amazonaws.com', 'User-Agent': 'test' };
  if (values.length > 0) headers.Authorization = values[values.length - 1] as string;
  return {
    type: 'REQUEST',
    methodArn: `${API_ARN_BASE}${method}${path}`,
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, name === 'Authorization' ? values : [value]])),
    pathParameters: {},
    queryStringParameters: {},
    multiValueQueryStringParameters: {},
    stageVariables: {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'req-0001',
      requestTimeEpoch: Date.now(),
      resourceId: 'res1',
      resourcePath: path,
      identity: {
        sourceIp: options.sourceIp ?? '203.0.113.10',
        clientCert: options.clientCertPem
          ? { clientCertPem: options.clientCertPem, subjectDN: '', issuerDN: '', serialNumber: '', validity: { notAfter: '', notBefore: '' } }
          : null,
      } as APIGatewayRequestAuthorizerEvent['requestContext']['identity'],
    } as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}
