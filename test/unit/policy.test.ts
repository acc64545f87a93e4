import type { PolicyDocument } from 'aws-lambda';
import type { FullDecision } from '../../lambda/authorizer';
import { prepareRecord } from '../../lambda/prepared-record';
import { authorizerResult } from '../../lambda/policy';
import { evaluatePolicy } from '../../local/gateway/evaluate-policy';
import { testKey } from '../support/records';
import { API_ARN_BASE } from '../support/events';

const hmac = { method: 'hmac' as const, secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] };
const prepared = () => prepareRecord(testKey({ auth: hmac, routes: ['GET /orders', 'GET /orders/{id}', '* /health'] }).record);
const arnOf = (resource: string) => `${API_ARN_BASE}${resource}`;

describe('the policy API Gateway enforces', () => {
  it('allows every route of the collections, with context and usage key', async () => {
    const record = await prepared();
    const result = authorizerResult({ outcome: 'allow', reason: 'ok', detail: 'allowed', prepared: record, record: record.record, subject: 'svc' } as FullDecision, arnOf('GET/orders/1'));
    expect(result.principalId).toBe('acme');
    expect(result.usageIdentifierKey).toBe('gatehouse-usage-acme-0123456789');
    expect(result.context).toEqual({ reason: 'ok', client: 'acme', key: 'primary', authMethod: 'hmac', subject: 'svc' });
    expect(result.policyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: [arnOf('GET/orders'), arnOf('GET/orders/*'), arnOf('*/health')] }]);
    // Right for every route, so a cached result can serve them all.
    expect(evaluatePolicy(result.policyDocument, arnOf('GET/orders/99'))).toBe('allow');
    expect(evaluatePolicy(result.policyDocument, arnOf('POST/health'))).toBe('allow');
    expect(evaluatePolicy(result.policyDocument, arnOf('POST/orders'))).toBe('deny');
    expect(evaluatePolicy(result.policyDocument, `${API_ARN_BASE.replace('/prod/', '/test/')}GET/orders`)).toBe('deny');
  });

  it('denies one route outside the collections while still allowing the others', async () => {
    const record = await prepared();
    const result = authorizerResult({ outcome: 'deny', reason: 'route_not_in_collections', detail: '', prepared: record, record: record.record } as FullDecision, arnOf('DELETE/orders/1'));
    expect(evaluatePolicy(result.policyDocument, arnOf('DELETE/orders/1'))).toBe('deny');
    expect(evaluatePolicy(result.policyDocument, arnOf('GET/orders/1'))).toBe('allow');
    expect(result.context?.reason).toBe('route_not_in_collections');
  });

  it('denies the whole stage for other refusals, without a usage key', async () => {
    const record = await prepared();
    const result = authorizerResult({ outcome: 'deny', reason: 'ip_blocked', detail: '', prepared: record, record: record.record } as FullDecision, arnOf('GET/orders/1'));
    expect(result.policyDocument.Statement).toEqual([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API_ARN_BASE}*` }]);
    expect(result.usageIdentifierKey).toBeUndefined();
    expect(evaluatePolicy(result.policyDocument, arnOf('GET/orders'))).toBe('deny');
  });
});

describe('IAM policy evaluation (the local gateway)', () => {
  it('lets an explicit Deny win and matches IAM wildcards', () => {
    const document: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:*', Resource: [arnOf('*')] },
        { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: arnOf('DELETE/*') },
      ],
    };
    expect(evaluatePolicy(document, arnOf('GET/x'))).toBe('allow');
    expect(evaluatePolicy(document, arnOf('DELETE/x'))).toBe('deny');
    expect(evaluatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, arnOf('GET/x'))).toBe('deny');
  });
});
