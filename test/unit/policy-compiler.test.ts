import { evaluatePolicy } from '../../local/gateway/iam-policy';
import { compilePolicy, MAX_POLICY_BYTES } from '../../stacks/model/policy-compiler';
import { apiRoutes, grantedRoutes } from '../support/api';

const compile = (grants: string[], api?: string[]) => compilePolicy(apiRoutes(api), grantedRoutes(grants));

function verdicts(grants: string[], requests: string[], api?: string[]) {
  const result = compile(grants, api);
  if (!result.ok) throw new Error(result.problem);
  const policy = {
    Statement: [
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: result.policy.allow.map((pattern) => `arn:x/${pattern}`) },
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: result.policy.deny.map((pattern) => `arn:x/${pattern}`) },
    ],
  };
  return Object.fromEntries(requests.map((request) => [request, evaluatePolicy(policy, `arn:x/${request.replace(' ', '')}`)]));
}

describe('the policy compiler', () => {
  it('denies nested resources a one-segment grant would otherwise reach', () => {
    expect(verdicts(['GET /orders/{id}'], ['GET /orders/42', 'GET /orders/42/invoices/7', 'GET /orders/42/health'])).toEqual({
      'GET /orders/42': 'allow',
      'GET /orders/42/invoices/7': 'deny',
      'GET /orders/42/health': 'deny',
    });
  });

  it('writes the methods out when `*` as a method would reach into paths', () => {
    expect(verdicts(['* /health'], ['GET /health', 'DELETE /orders/42/health', 'GET /orders/42/health'])).toEqual({
      'GET /health': 'allow',
      'DELETE /orders/42/health': 'deny',
      'GET /orders/42/health': 'deny',
    });
  });

  it('grants a literal value of a parameter only', () => {
    expect(verdicts(['GET /orders/42'], ['GET /orders/42', 'GET /orders/43'])).toEqual({ 'GET /orders/42': 'allow', 'GET /orders/43': 'deny' });
  });

  it('allows everything with one statement when a client is granted every route', () => {
    const result = compile(['* /{proxy+}', '* /']);
    expect(result.ok && result.policy).toEqual({ allow: ['*'], deny: [] });
  });

  it('reports which API routes a grant set reaches, and grants that reach none', () => {
    const result = compile(['GET /orders/{id}', 'GET /nowhere']);
    expect(result.ok && result.grantedApiRoutes).toEqual(['GET /orders/search', 'GET /orders/{id}']);
    expect(result.ok && result.unusedGrants).toEqual(['GET /nowhere']);
  });

  it('refuses, with an example request and a fix, a grant IAM cannot express exactly', () => {
    const result = compile(['* /{p}/v1/{rest+}'], ['GET /{all+}', 'ANY /{p}/v1/{rest+}']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatch(/would also admit GET \/\S+ \(API route GET \/\{all\+\}\)/);
      expect(result.fix).toContain('whole API route');
    }
  });

  it('refuses a policy over its size budget', () => {
    const api = Array.from({ length: 200 }, (_, index) => `GET /resource-${index}/{id}/child`).concat(Array.from({ length: 200 }, (_, index) => `GET /resource-${index}/{id}`));
    const grants = Array.from({ length: 200 }, (_, index) => `GET /resource-${index}/{id}`);
    const result = compile(grants, api);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(`${MAX_POLICY_BYTES}-byte budget`);
  });
});
