/**
 * API Gateway's authorizer events in, its results out. Three events are decided, as AWS documents them:
 *
 * - REST API REQUEST authorizer ("Input to an API Gateway Lambda authorizer"): `type: "REQUEST"`, no
 *   `version`, a `methodArn`; each header's last value in `headers` and every value in
 *   `multiValueHeaders`; the connection's address in `requestContext.identity.sourceIp`.
 * - HTTP API, payload format 1.0 ("Working with AWS Lambda authorizers for HTTP APIs", Payload format
 *   version): the REST shape with `version: "1.0"`. The route key is `requestContext.routeKey` where
 *   present, else `requestContext.resourceId`, which HTTP APIs fill with it (`ANY /request` in events
 *   captured from HTTP APIs; AWS's 1.0 example copies the REST example's resource id `05c7jb`, which is no
 *   route key and so fails closed).
 * - HTTP API, payload format 2.0: `version: "2.0"`, `routeArn`, `routeKey`, header names in lower case, a
 *   repeated header's values joined with commas, the address in `requestContext.http.sourceIp`.
 *
 * Anything else (a TOKEN authorizer's event, an unknown version or shape, null) is refused with
 * `event_unsupported` (500): the authorizer never guesses what an event means. The address is always the
 * one API Gateway took from the connection, never a header such as X-Forwarded-For that a caller writes.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { AuthorizationRequest, EventFormat, FullDecision } from './authorizer';
import { quote } from './decision';
import { httpApiPolicyResult, httpApiSimpleResult, type SimpleAuthorizerResult } from './http-api-result';
import { authorizerResult } from './policy';

export type { SimpleAuthorizerResult } from './http-api-result';
/** What the handler returns: an IAM policy result, or for HTTP APIs with simple responses a simple one. */
export type AuthorizerResponse = APIGatewayAuthorizerResult | SimpleAuthorizerResult;

type JsonObject = Readonly<Record<string, unknown>>;

const objectOf = (value: unknown): JsonObject | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Values of every header named Authorization in any letter case: HTTP header names are case-insensitive. */
function authorizationEntries(headers: unknown): unknown[] {
  const entries: unknown[] = [];
  const all = objectOf(headers);
  if (!all) return entries;
  for (const name of Object.keys(all)) {
    if (name.length === 13 && name.toLowerCase() === 'authorization') {
      const value = all[name];
      if (Array.isArray(value)) entries.push(...value);
      else entries.push(value);
    }
  }
  return entries;
}

/**
 * Every Authorization value the request carried. API Gateway shows each header once in `headers` and
 * (REST, payload 1.0) every value in `multiValueHeaders`; a value in either that the other does not
 * account for is one more value. HTTP APIs join a repeated header's values with commas, and a bearer
 * token never holds one (RFC 6750's b64token; a JWS is base64url parts and dots), so there each comma
 * separates two values. Several values are refused later (bearer-token.ts): the authorizer must decide on
 * the one value API Gateway caches the answer under, and with several there is no telling which.
 */
function authorizationValues(event: JsonObject, joinedWithCommas: boolean): string[] {
  const all = authorizationEntries(event.multiValueHeaders);
  for (const value of authorizationEntries(event.headers)) if (!all.includes(value)) all.push(value);
  const values = all.map((value) => (typeof value === 'string' ? value : ''));
  return joinedWithCommas ? values.flatMap((value) => value.split(',')) : values;
}

/** Which event this is, or why it is none the authorizer decides. */
function recognise(event: JsonObject | undefined): { readonly format: EventFormat } | { readonly unsupported: string } {
  if (!event) return { unsupported: 'the event is not a JSON object' };
  if (event.type !== 'REQUEST') {
    return { unsupported: `"type" is ${quote(event.type)}: only REQUEST authorizer events are decided (a TOKEN authorizer cannot see the source address)` };
  }
  if (event.version === undefined) return { format: 'rest' };
  if (event.version === '1.0') return { format: 'http-1.0' };
  if (event.version === '2.0') {
    return typeof event.routeArn === 'string' ? { format: 'http-2.0' } : { unsupported: 'a payload 2.0 event without "routeArn"' };
  }
  return { unsupported: `"version" is ${quote(event.version)}, not an HTTP API payload format (1.0 or 2.0)` };
}

/** A request from the event; a malformed or unknown event yields a request that is refused, never a crash. */
export function requestFromEvent(input: unknown): AuthorizationRequest {
  const event = objectOf(input) ?? {};
  const recognised = recognise(objectOf(input));
  const format = 'format' in recognised ? recognised.format : undefined;
  const unsupported = 'unsupported' in recognised ? recognised.unsupported : undefined;
  const context = objectOf(event.requestContext);
  const requestId = stringOf(context?.requestId);

  if (format === 'http-2.0') {
    const certificate = stringOf(objectOf(objectOf(context?.authentication)?.clientCert)?.clientCertPem);
    return {
      format,
      authorization: authorizationValues(event, true),
      sourceIp: stringOf(objectOf(context?.http)?.sourceIp),
      methodArn: stringOf(event.routeArn) ?? '',
      routeKey: stringOf(event.routeKey) ?? stringOf(context?.routeKey),
      clientCertificate: certificate === undefined ? undefined : { clientCertPem: certificate },
      requestId,
    };
  }
  const identity = objectOf(context?.identity);
  const certificate = stringOf(objectOf(identity?.clientCert)?.clientCertPem);
  return {
    format,
    unsupported,
    authorization: authorizationValues(event, format === 'http-1.0'),
    sourceIp: stringOf(identity?.sourceIp),
    methodArn: stringOf(event.methodArn) ?? '',
    routeKey: format === 'http-1.0' ? (stringOf(context?.routeKey) ?? stringOf(context?.resourceId)) : undefined,
    clientCertificate: certificate === undefined ? undefined : { clientCertPem: certificate },
    requestId,
  };
}

export interface ResponseOptions {
  /** Whether HTTP APIs' payload 2.0 authorizer has simple responses on (record/authorizer-settings.ts). */
  readonly httpApiSimpleResponses: boolean;
}

/**
 * What API Gateway must receive: an answer in the event's format for 200 and 403; the error
 * `Unauthorized` for 401 (documented for REST APIs; HTTP APIs' documentation names only the responses
 * and a 500 for errors, so there a 401 may reach the caller as a 500: refused either way); any other
 * error for 500, which API Gateway answers without calling the integration.
 */
export function resultForApiGateway(decision: FullDecision, request: AuthorizationRequest, options: ResponseOptions): AuthorizerResponse {
  if (decision.outcome === 'unauthorized') throw new Error('Unauthorized');
  if (decision.outcome === 'error') throw new Error(`Authorizer failed closed: ${decision.reason}`);
  if (request.format === 'http-2.0' && options.httpApiSimpleResponses) return httpApiSimpleResult(decision);
  if (request.format === 'http-1.0' || request.format === 'http-2.0') return httpApiPolicyResult(decision);
  return authorizerResult(decision, decision.arn, request.methodArn);
}
