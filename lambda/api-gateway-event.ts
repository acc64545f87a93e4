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

/** A request from the event; a malformed event yields a request that is refused, never a crash. */
export function requestFromEvent(event: APIGatewayRequestAuthorizerEvent | null | undefined): AuthorizationRequest {
  const safe = (event ?? {}) as Partial<APIGatewayRequestAuthorizerEvent>;
  const identity = safe.requestContext?.identity;
  const certificate = identity?.clientCert;
  return {
    authorization: authorizationValues(safe as APIGatewayRequestAuthorizerEvent),
    sourceIp: typeof identity?.sourceIp === 'string' ? identity.sourceIp : undefined,
    methodArn: typeof safe.methodArn === 'string' ? safe.methodArn : '',
    clientCertificate: typeof certificate?.clientCertPem === 'string' ? { clientCertPem: certificate.clientCertPem } : undefined,
    requestId: typeof safe.requestContext?.requestId === 'string' ? safe.requestContext.requestId : undefined,
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
