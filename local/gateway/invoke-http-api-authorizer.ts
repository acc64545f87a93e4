/**
 * Calls the authorizer with an HTTP API event and reads its answer as an HTTP API does (AWS, "Working
 * with AWS Lambda authorizers for HTTP APIs"):
 * - with simple responses, `isAuthorized: true` lets the request through and `false` is 403;
 * - otherwise the IAM policy is evaluated against the request's route ARN: allowed, or 403;
 * - an answer not in the configured format, or any error, is 500 ("Troubleshooting Lambda authorizers"),
 *   except the error `Unauthorized`, which the local gateway answers 401 as REST APIs do.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { AuthorizerResponse } from '../../lambda/api-gateway-event';
import { evaluatePolicy } from './iam-policy';

export type HttpApiAuthorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResponse>;

export interface HttpApiAnswer {
  /** 200 when the request goes through; otherwise what the HTTP API answers. */
  readonly status: 200 | 401 | 403 | 500;
  /** The authorizer's answer when it is one in the configured format; cacheable for the identity sources. */
  readonly result?: AuthorizerResponse;
}

/** The status a (possibly cached) answer gives a request with this route ARN. */
export function httpApiAnswerFor(result: AuthorizerResponse, routeArn: string, simpleResponses: boolean): 200 | 403 | 500 {
  if (simpleResponses) {
    if (!('isAuthorized' in result) || typeof result.isAuthorized !== 'boolean') return 500;
    return result.isAuthorized ? 200 : 403;
  }
  if (!('policyDocument' in result) || typeof result.policyDocument !== 'object' || result.policyDocument === null) return 500;
  return evaluatePolicy(result.policyDocument, routeArn) === 'allow' ? 200 : 403;
}

export async function invokeHttpApiAuthorizer(handler: HttpApiAuthorizer, event: APIGatewayRequestAuthorizerEventV2, simpleResponses: boolean): Promise<HttpApiAnswer> {
  let result: AuthorizerResponse;
  try {
    result = await handler(event);
  } catch (error) {
    return { status: (error as Error)?.message === 'Unauthorized' ? 401 : 500 };
  }
  const status = httpApiAnswerFor(result, event.routeArn, simpleResponses);
  return status === 500 ? { status } : { status, result };
}
