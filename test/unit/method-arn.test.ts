import { parseMethodArn } from '../../lambda/method-arn';

const base = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/';

describe('method ARNs, read by their grammar', () => {
  it('splits API and stage from method and path', () => {
    expect(parseMethodArn(`${base}GET/orders/42`)).toMatchObject({ base, method: 'GET', path: '/orders/42', segments: ['orders', '42'], resource: 'GET/orders/42', pathHasWildcards: false });
    expect(parseMethodArn(`${base}GET/`)).toMatchObject({ path: '/', segments: [], resource: 'GET/' });
  });

  it('keeps colons, percent-encodings and dots in the path', () => {
    expect(parseMethodArn(`${base}GET/orders/2025-01-01T10:00:00Z`)?.segments).toEqual(['orders', '2025-01-01T10:00:00Z']);
    expect(parseMethodArn(`${base}GET/orders/a:b`)?.path).toBe('/orders/a:b');
    expect(parseMethodArn(`${base}GET/files/a%20b/c.txt`)?.segments).toEqual(['files', 'a%20b', 'c.txt']);
    expect(parseMethodArn('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/GET/x')?.base).toBe('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/');
  });

  it('flags paths holding IAM wildcard characters', () => {
    expect(parseMethodArn(`${base}GET/orders/*`)?.pathHasWildcards).toBe(true);
    expect(parseMethodArn(`${base}GET/orders/a?b`)?.pathHasWildcards).toBe(true);
  });

  it.each([
    ['another service', 'arn:aws:lambda:eu-west-1:123456789012:function/x'],
    ['no stage', 'arn:aws:execute-api:eu-west-1:123456789012:abc123'],
    ['no method', `${base}`],
    ['a wildcard stage (a test invoke)', 'arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/'],
    ['a wildcard API', 'arn:aws:execute-api:eu-west-1:123456789012:*/prod/GET/x'],
    ['a wildcard region', 'arn:aws:execute-api:*:123456789012:abc123/prod/GET/x'],
    ['a wildcard account', 'arn:aws:execute-api:eu-west-1:*:abc123/prod/GET/x'],
    ['a wildcard method', `${base}*/orders`],
    ['an unknown method', `${base}FETCH/orders`],
    ['a lower-case method', `${base}get/orders`],
    ['a method ARN longer than API Gateway allows', `${base}GET/${'a'.repeat(1600)}`],
  ])('refuses %s', (_, arn) => {
    expect(parseMethodArn(arn)).toBeUndefined();
  });
});
