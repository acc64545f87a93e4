/**
 * What API Gateway does with an authorizer's policy: an explicit Deny matching the method ARN wins, else
 * a matching Allow admits, else the request is refused. Resources match with IAM wildcards.
 */
import type { PolicyDocument, Statement } from 'aws-lambda';
import { iamPattern } from '../../lambda/method-arn';

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function applies(statement: Statement, methodArn: string): boolean {
  const s = statement as { Action?: string | string[]; Resource?: string | string[] };
  const invokes = asList(s.Action).some((action) => iamPattern(action).test('execute-api:Invoke'));
  return invokes && asList(s.Resource).some((resource) => iamPattern(resource).test(methodArn));
}

export function evaluatePolicy(document: PolicyDocument, methodArn: string): 'allow' | 'deny' {
  const matching = document.Statement.filter((statement) => applies(statement, methodArn));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'deny';
  return matching.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'deny';
}
