/**
 * Step 8: the IAM policy a REST API enforces, and the context it passes on (HTTP APIs: http-api-result.ts).
 *
 * API Gateway caches a result per identity source (Authorization header and source address) and applies
 * its policy to every route of the API, so each result must be right for every route, not only the one
 * that asked:
 * - a genuine client's result (allowed, or refused only this route) is its compiled policy, built at
 *   synth against the API's routes (stacks/model/policy-compiler.ts) so that Allow minus Deny is exactly
 *   what its collections grant; plus this request itself, allowed or denied as decided, so the answer to
 *   the request that asked never rests on the compiled statements alone;
 * - any other 403 denies the whole API stage: IP rules, status and mutual TLS do not depend on the route.
 *
 * The context carries `reason` (why this request was decided so) and `denyReason` (why this result
 * denies a request, cached or not: for a genuine client's result that is always a route outside its
 * collections), which the ACCESS_DENIED gateway response shows.
 */
import type { APIGatewayAuthorizerResult, PolicyDocument, Statement } from 'aws-lambda';
import type { FullDecision } from './authorizer';
import type { MethodArn } from './method-arn';
import type { PreparedRecord } from './prepared-record';

/** IAM's limit on one Resource of an authorizer's policy; a longer method ARN is not named on its own. */
export const MAX_RESOURCE_CHARACTERS = 512;

/** The context API Gateway passes on (`$context.authorizer.*`): why, and who; never a token or key. */
export function decisionContext(decision: FullDecision): Record<string, string> {
  const record = decision.prepared?.record;
  const context: Record<string, string> = { reason: decision.reason };
  if (record) {
    context.client = record.client.name;
    context.key = record.key.name;
    context.authMethod = record.client.auth.method;
  }
  if (decision.subject !== undefined) context.subject = decision.subject;
  if (decision.keySource !== undefined) context.keySource = decision.keySource;
  return context;
}

export const principalOf = (decision: FullDecision): string => decision.prepared?.record.client.name ?? 'unknown';

export function statement(effect: 'Allow' | 'Deny', resources: readonly string[]): Statement {
  return { Effect: effect, Action: 'execute-api:Invoke', Resource: resources.length === 1 ? (resources[0] as string) : [...resources] };
}

export function policy(statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

function compiledStatements(prepared: PreparedRecord, base: string): { readonly allow: readonly string[]; readonly deny: readonly string[] } {
  let statements = prepared.policyByBase.get(base);
  if (!statements) {
    const { allow, deny } = prepared.record.client.policy;
    statements = { allow: allow.map((pattern) => base + pattern), deny: deny.map((pattern) => base + pattern) };
    prepared.policyByBase.set(base, statements);
  }
  return statements;
}

/**
 * The result for an allow or a deny (401s and 500s are thrown by the handler instead). `arn` is the
 * request's parsed method ARN; every deny that reaches here has one, because an unparseable ARN is a 500.
 */
export function authorizerResult(decision: FullDecision, arn: MethodArn | undefined, methodArn: string): APIGatewayAuthorizerResult {
  const record = decision.prepared?.record;
  const context = decisionContext(decision);
  const principalId = principalOf(decision);

  const routeLevel = decision.outcome === 'allow' || decision.reason === 'route_not_in_collections';
  if (!routeLevel || !decision.prepared || !arn) {
    context.denyReason = decision.reason;
    const resource = arn ? `${arn.base}*` : methodArn;
    return { principalId, context, policyDocument: policy([statement('Deny', [resource])]) };
  }

  context.denyReason = 'route_not_in_collections';
  const { allow, deny } = compiledStatements(decision.prepared, arn.base);
  const allowed = decision.outcome === 'allow';
  const named = methodArn.length <= MAX_RESOURCE_CHARACTERS ? [methodArn] : [];
  const statements: Statement[] = [];
  const allows = allowed ? [...allow, ...named] : allow;
  const denies = allowed ? deny : [...deny, ...named];
  if (allows.length > 0) statements.push(statement('Allow', allows));
  if (denies.length > 0) statements.push(statement('Deny', denies));
  if (statements.length === 0) statements.push(statement('Deny', [`${arn.base}*`]));
  const result: APIGatewayAuthorizerResult = { principalId, context, policyDocument: policy(statements) };
  const usageKey = record?.client.usageIdentifierKey;
  if (usageKey !== undefined) result.usageIdentifierKey = usageKey;
  return result;
}
