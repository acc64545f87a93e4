import type { FullDecision } from '../../lambda/authorizer';
import { parseMethodArn } from '../../lambda/method-arn';
import { prepareRecord } from '../../lambda/prepared-record';
import { authorizerResult } from '../../lambda/policy';
import { evaluatePolicy } from '../../local/gateway/iam-policy';
import { API_ARN_BASE } from '../support/events';
import { testKey } from '../support/records';

const hmac = { method: 'hmac' as const, secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] };
const prepared = () => prepareRecord(testKey({ auth: hmac, routes: ['GET /orders', 'GET /orders/{id}', '* /health'] }).record);
const arnOf = (resource: string) => `${API_ARN_BASE}${resource}`;

async function resultFor(outcome: FullDecision['outcome'], reason: FullDecision['reason'], resource: string) {
  const record = await prepared();
  const methodArn = arnOf(resource);
  const arn = parseMethodArn(methodArn);
  return authorizerResult({ outcome, reason, detail: '', prepared: record, record: record.record, subject: 'svc', arn } as FullDecision, arn, methodArn);
}

describe('the policy API Gateway enforces', () => {
  it('is the client\'s compiled policy: right for every route of the API, so one cached result serves them all', async () => {
    const result = await resultFor('allow', 'ok', 'GET/orders/1');
    expect(result.principalId).toBe('acme');
    expect(result.usageIdentifierKey).toBe('gatehouse-usage-acme-0123456789');
    expect(result.context).toEqual({ reason: 'ok', denyReason: 'route_not_in_collections', client: 'acme', key: 'primary', authMethod: 'hmac', subject: 'svc' });
    const verdict = (resource: string) => evaluatePolicy(result.policyDocument, arnOf(resource));
    expect(verdict('GET/orders/99')).toBe('allow');
    expect(verdict('GET/orders/search')).toBe('allow'); // one segment, literal resource or not
    expect(verdict('GET/health')).toBe('allow');
    expect(verdict('GET/orders/42/invoices/7')).toBe('deny'); // nested under a granted {id}
    expect(verdict('GET/orders/42/health')).toBe('deny'); // ends like a granted * /health
    expect(verdict('DELETE/orders/42')).toBe('deny');
    expect(verdict('POST/orders')).toBe('deny');
    expect(evaluatePolicy(result.policyDocument, `${API_ARN_BASE.replace('/prod/', '/test/')}GET/orders`)).toBe('deny');
  });

  it('denies the route that asked while still allowing the others, with the reason the gateway response shows', async () => {
    const result = await resultFor('deny', 'route_not_in_collections', 'DELETE/orders/1');
    expect(evaluatePolicy(result.policyDocument, arnOf('DELETE/orders/1'))).toBe('deny');
    expect(evaluatePolicy(result.policyDocument, arnOf('GET/orders/1'))).toBe('allow');
    expect(result.context).toMatchObject({ reason: 'route_not_in_collections', denyReason: 'route_not_in_collections' });
  });

  it('denies the whole stage for other refusals, without a usage key', async () => {
    const result = await resultFor('deny', 'ip_blocked', 'GET/orders/1');
    expect(result.policyDocument.Statement).toEqual([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API_ARN_BASE}*` }]);
    expect(result.context).toMatchObject({ reason: 'ip_blocked', denyReason: 'ip_blocked' });
    expect(result.usageIdentifierKey).toBeUndefined();
  });

  it('never names a resource longer than IAM\'s 512 characters', async () => {
    const resource = `GET/orders/${'x'.repeat(600)}`;
    const result = await resultFor('allow', 'ok', resource);
    const resources = result.policyDocument.Statement.flatMap((statement) => (statement as { Resource: string | string[] }).Resource);
    expect(resources.every((value) => value.length <= 512)).toBe(true);
    expect(evaluatePolicy(result.policyDocument, arnOf(resource))).toBe('allow');
  });
});
