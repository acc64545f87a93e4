/**
 * API Gateway's REQUEST authorizer event in, its result out. The request's address comes from
 * `requestContext.identity.sourceIp`, which API Gateway sets from the connection, never from a header
 * such as X-Forwarded-For that a caller can write.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizationRequest, FullDecision } from './authorizer';
import { authorizerResult } from './policy';

/** Values of every header named Authorization in any letter case: HTTP header names are case-insensitive. */
function authorizationEntries(headers: Record<string, unknown> | null | undefined): unknown[] {
  const entries: unknown[] = [];
  if (!headers || typeof headers !== 'object') return entries;
  for (const name of Object.keys(headers)) {
    if (name.length === 13 && name.toLowerCase() === 'authorization') {
      const value = headers[name];
      if (Array.isArray(value)) entries.push(...value);
      else entries.push(value);
    }
  }
  return entries;
}

/**
 * Every Authorization value the request carried. API Gateway shows each header once in `headers` (its
 * last value) and every value in `multiValueHeaders`; a value in either that the other does not account
 * for is one more value. Several values are refused later (bearer-token.ts): the authorizer must decide
 * on the one value API Gateway caches the result under, and with several there is no telling which.
 */
function authorizationValues(event: APIGatewayRequestAuthorizerEvent): string[] {
  const all = authorizationEntries(event.multiValueHeaders);
  for (const value of authorizationEntries(event.headers)) if (!all.includes(value)) all.push(value);
  return all.map((value) => (typeof value === 'string' ? value : ''));
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
  return authorizerResult(decision, decision.arn, methodArn);
}
