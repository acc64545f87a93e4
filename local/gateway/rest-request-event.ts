/**
 * The event API Gateway sends a REST API REQUEST authorizer, built the way AWS's published samples show
 * it (../shared/aws-events/, "Input to an API Gateway Lambda authorizer"): `headers` holds the last value
 * of each header, `multiValueHeaders` every value, the method ARN names API, stage, method and path, and
 * `requestContext.identity.sourceIp` is the connection's address. The local gateway, the tests and the
 * benchmarks all build events here.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

export interface RestRequest {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly method: string;
  /** The request's path as sent, e.g. `/orders/42`. */
  readonly path: string;
  /** The API resource the path matched, e.g. `/orders/{id}`. Default: the path. */
  readonly resourcePath?: string;
  /** Header name and value pairs in the order they arrived (a name may repeat). */
  readonly headers: readonly (readonly [string, string])[];
  readonly query?: Readonly<Record<string, string>>;
  readonly sourceIp: string;
  readonly clientCertPem?: string;
  readonly requestId: string;
  readonly requestTimeEpoch: number;
}

export function restRequestEvent(request: RestRequest): APIGatewayRequestAuthorizerEvent {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) (multiValueHeaders[name] ??= []).push(value);
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values[values.length - 1] as string]));
  const resourcePath = request.resourcePath ?? request.path;
  const query = request.query ?? {};
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:${request.region}:${request.accountId}:${request.apiId}/${request.stage}/${request.method}${request.path}`,
    resource: resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    pathParameters: {},
    queryStringParameters: { ...query },
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])),
    stageVariables: {},
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${request.stage}${request.path}`,
      stage: request.stage,
      requestId: request.requestId,
      requestTimeEpoch: request.requestTimeEpoch,
      resourceId: resourcePath,
      resourcePath,
      identity: {
        sourceIp: request.sourceIp,
        clientCert: request.clientCertPem ? { clientCertPem: request.clientCertPem, subjectDN: '', issuerDN: '', serialNumber: '', validity: { notAfter: '', notBefore: '' } } : null,
      },
    } as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}
