/**
 * Step 8: the IAM policy API Gateway enforces, and the context it passes to the integration.
 *
 * API Gateway caches a result per identity source (Authorization header and source IP) and applies it to
 * every route of the API, so each result must be right for every route, not only the one that asked:
 * - allow: Allow on every route of the client's collections under this API and stage;
 * - a route outside the collections: the same Allows plus a Deny on exactly this method ARN;
 * - any other 403: a Deny on the whole API stage (IP, status and mTLS do not depend on the route).
 * The context carries the reason code, so a gateway response template can show it
 * (`$context.authorizer.reason`).
 */
import type { APIGatewayAuthorizerResult, PolicyDocument } from 'aws-lambda';
import type { FullDecision } from './authorizer';
import type { PreparedRecord } from './prepared-record';
import { parseMethodArn } from './method-arn';

function allowResources(prepared: PreparedRecord, base: string): readonly string[] {
  let resources = prepared.allowResourcesByBase.get(base);
  if (!resources) {
    resources = prepared.routeResources.map((resource) => base + resource);
    prepared.allowResourcesByBase.set(base, resources);
  }
  return resources;
}

function policy(statements: PolicyDocument['Statement']): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The result for an allow or a deny (401s and 500s are thrown by the handler instead). */
export function authorizerResult(decision: FullDecision, methodArn: string): APIGatewayAuthorizerResult {
  const record = decision.prepared?.record;
  const context: Record<string, string> = { reason: decision.reason };
  if (record) {
    context.client = record.client.name;
    context.key = record.key.name;
    context.authMethod = record.client.auth.method;
  }
  if (decision.subject !== undefined) context.subject = decision.subject;
  if (decision.keySource !== undefined) context.keySource = decision.keySource;
  const principalId = record?.client.name ?? 'unknown';

  const arn = parseMethodArn(methodArn); // memoised: the decision parsed it already
  const allowed = decision.outcome === 'allow' || decision.reason === 'route_not_in_collections';
  if (!allowed || !decision.prepared || !arn) {
    const resource = arn ? `${arn.base}*` : methodArn;
    return { principalId, context, policyDocument: policy([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: resource }]) };
  }

  const statements: PolicyDocument['Statement'] = [
    { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: [...allowResources(decision.prepared, arn.base)] },
  ];
  if (decision.outcome !== 'allow') statements.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: methodArn });
  const result: APIGatewayAuthorizerResult = { principalId, context, policyDocument: policy(statements) };
  const usageKey = record?.client.usageIdentifierKey;
  if (usageKey !== undefined) result.usageIdentifierKey = usageKey;
  return result;
}
