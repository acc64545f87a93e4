/**
 * API Gateway's REQUEST authorizer event in, its result out. The request's address comes from
 * `requestContext.identity.sourceIp`, which API Gateway sets from the connection, never from a header
 * such as X-Forwarded-For that a caller can write.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizationRequest, FullDecision } from './authorizer';
import { authorizerResult } from './policy';

function headerValues(headers: Record<string, unknown> | null | undefined): unknown {
  if (!headers) return undefined;
  const exact = headers.Authorization ?? headers.authorization;
  if (exact !== undefined) return exact;
  for (const name in headers) if (name.toLowerCase() === 'authorization') return headers[name];
  return undefined;
}

/** Every Authorization value: multiValueHeaders shows duplicates that `headers` would hide. */
function authorizationValues(event: APIGatewayRequestAuthorizerEvent): string[] {
  const multi = headerValues(event.multiValueHeaders);
  if (Array.isArray(multi)) return multi.filter((value): value is string => typeof value === 'string');
  const single = headerValues(event.headers);
  return typeof single === 'string' ? [single] : [];
}

export function requestFromEvent(event: APIGatewayRequestAuthorizerEvent): AuthorizationRequest {
  const identity = event.requestContext?.identity;
  const certificate = identity?.clientCert;
  return {
    authorization: authorizationValues(event),
    sourceIp: typeof identity?.sourceIp === 'string' ? identity.sourceIp : undefined,
    methodArn: event.methodArn,
    clientCertificate: certificate?.clientCertPem ? { clientCertPem: certificate.clientCertPem } : undefined,
    requestId: event.requestContext?.requestId,
  };
}

/**
 * What API Gateway must receive: a policy for 200 and 403; the error `Unauthorized` for 401; any other
 * error for 500, which API Gateway answers without calling the integration.
 */
export function resultForApiGateway(decision: FullDecision, methodArn: string): APIGatewayAuthorizerResult {
  if (decision.outcome === 'unauthorized') throw new Error('Unauthorized');
  if (decision.outcome === 'error') throw new Error(`Authorizer failed closed: ${decision.reason}`);
  return authorizerResult(decision, methodArn);
}
