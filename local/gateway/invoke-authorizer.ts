/**
 * Calls a REQUEST authorizer handler and reads its answer as a REST API does: the error `Unauthorized`
 * is 401, any other error 500, an answer without a policy 500 (API Gateway's invalid response), a policy
 * that does not allow the method ARN 403.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerResponse } from '../../lambda/api-gateway-event';
import { evaluatePolicy } from './iam-policy';

export interface AuthorizerAnswer {
  /** The status API Gateway would answer with when it refuses; 200 when the request goes through. */
  readonly status: 200 | 401 | 403 | 500;
  /** The authorizer's result (absent for 401 and 500); cacheable for the identity sources. */
  readonly result?: APIGatewayAuthorizerResult;
}

export type RequestAuthorizer = (event: APIGatewayRequestAuthorizerEvent) => Promise<AuthorizerResponse>;

export async function invokeAuthorizer(handler: RequestAuthorizer, event: APIGatewayRequestAuthorizerEvent): Promise<AuthorizerAnswer> {
  let result: AuthorizerResponse;
  try {
    result = await handler(event);
  } catch (error) {
    return { status: (error as Error)?.message === 'Unauthorized' ? 401 : 500 };
  }
  if (!('policyDocument' in result) || typeof result.policyDocument !== 'object' || result.policyDocument === null) return { status: 500 };
  return { status: answerFor(result, event.methodArn), result };
}

/** The status a (possibly cached) result gives a method ARN. */
export function answerFor(result: APIGatewayAuthorizerResult, methodArn: string): 200 | 403 {
  return evaluatePolicy(result.policyDocument, methodArn) === 'allow' ? 200 : 403;
}
