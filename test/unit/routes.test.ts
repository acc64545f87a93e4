import { parseRoute, routeResource } from '../../record/routes';
import { iamPattern, parseMethodArn } from '../../lambda/method-arn';

describe('routes', () => {
  it.each([
    ['GET /orders', 'GET/orders'],
    ['get /orders/*', 'GET/orders/*'],
    ['* /health', '*/health'],
    ['ANY /', '*/'],
    ['DELETE /orders/{id}', 'DELETE/orders/*'],
    ['GET /files/{proxy+}', 'GET/files/*'],
    ['PATCH /v1/orders/*/lines', 'PATCH/v1/orders/*/lines'],
  ])('parses %s', (text, resource) => {
    const parsed = parseRoute(text);
    expect(parsed.ok && routeResource(parsed.route)).toBe(resource);
  });

  it.each([
    ['GET', 'is not "METHOD /path"'],
    ['GET  /x', 'is not "METHOD /path"'],
    ['FETCH /orders', 'has method'],
    ['GET orders', 'does not start with'],
    ['GET /orders?id=1', 'query'],
    ['GET /orders//lines', 'empty path segment'],
    ['GET /orders/', 'empty path segment'],
    ['GET /ord ers', 'is not "METHOD /path"'],
    ['GET /orders/<id>', 'characters'],
  ])('refuses %s', (text, problem) => {
    const parsed = parseRoute(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it('splits method ARNs into the API/stage prefix and the resource', () => {
    expect(parseMethodArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42')).toEqual({
      base: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/',
      resource: 'GET/orders/42',
    });
    expect(parseMethodArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/')?.resource).toBe('GET/');
    expect(parseMethodArn('arn:aws:lambda:eu-west-1:123456789012:function/x')).toBeUndefined();
    expect(parseMethodArn('arn:aws:execute-api:eu-west-1:123456789012:abc123')).toBeUndefined();
  });

  it('matches like IAM: * spans slashes, everything else is literal', () => {
    expect(iamPattern('GET/orders/*').test('GET/orders/42/lines')).toBe(true);
    expect(iamPattern('GET/orders/*').test('GET/orders')).toBe(false);
    expect(iamPattern('*/health').test('POST/health')).toBe(true);
    expect(iamPattern('GET/a.b').test('GET/aXb')).toBe(false);
    expect(iamPattern('GET/orders').test('GET/orders/1')).toBe(false);
  });
});
