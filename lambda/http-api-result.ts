/**
 * The answer for an HTTP API, in the format its authorizer is configured for (AWS, "Working with AWS
 * Lambda authorizers for HTTP APIs", Lambda authorizer response format): payload 2.0 with simple
 * responses gets `{ isAuthorized, context }`; payload 1.0, and 2.0 without simple responses, an IAM
 * policy with `principalId` and `context`. HTTP APIs have no usage plans or API keys (AWS, "Choosing
 * between HTTP APIs and REST APIs"), so no `usageIdentifierKey` is returned.
 *
 * The decision was taken for the request's whole route and the answer is cached per route
 * (record/http-api-routes.ts), so it must be right for every request of the route, and only those:
 * - a simple response allows or refuses exactly what was decided;
 * - a policy allows the route's own pattern (`GET/orders/*` for `GET /orders/{id}`: IAM's `*` spans `/`,
 *   but a cached answer only ever meets requests of this route), and a refusal denies the whole stage.
 * HTTP APIs have no gateway responses to show a reason in a 403; `denyReason` reaches access logs
 * (`$context.authorizer.denyReason`) and integrations, and the decision log has it.
 */
import type { APIGatewayAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { RouteKey } from '../record/http-api-routes';
import type { FullDecision } from './authorizer';
import { decisionContext, MAX_RESOURCE_CHARACTERS, policy, principalOf, statement } from './policy';

export type SimpleAuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;

function contextOf(decision: FullDecision): Record<string, string> {
  const context = decisionContext(decision);
  if (decision.outcome !== 'allow') context.denyReason = decision.reason;
  return context;
}

/** The IAM resource of every request a route receives on this API stage; `$default` receives them all. */
function routeResource(base: string, route: RouteKey): string {
  const apiRoute = route.route;
  if (!apiRoute) return `${base}*`;
  const path = apiRoute.segments.map((segment) => (segment.kind === 'literal' ? segment.text : '*')).join('/');
  const resource = `${base}${apiRoute.method === 'ANY' ? '*' : apiRoute.method}/${path}`;
  return resource.length <= MAX_RESOURCE_CHARACTERS ? resource : `${base}*`;
}

export function httpApiSimpleResult(decision: FullDecision): SimpleAuthorizerResult {
  return { isAuthorized: decision.outcome === 'allow', context: contextOf(decision) };
}

/** Every answer that reaches here has a parsed route ARN and route key: without them it is a 500. */
export function httpApiPolicyResult(decision: FullDecision): APIGatewayAuthorizerResult {
  const base = decision.arn?.base;
  const route = decision.route;
  const document =
    decision.outcome === 'allow' && base !== undefined && route !== undefined
      ? policy([statement('Allow', [routeResource(base, route)])])
      : policy([statement('Deny', [base === undefined ? '*' : `${base}*`])]);
  return { principalId: principalOf(decision), context: contextOf(decision), policyDocument: document };
}
