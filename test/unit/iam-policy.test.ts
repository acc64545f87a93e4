/**
 * The local gateway's IAM evaluator against AWS's documented examples: the wildcard rules of "IAM JSON
 * policy elements: Resource" and the execute-api statement examples of "Control access to an API with
 * IAM permissions" (API Gateway developer guide).
 */
import { evaluatePolicy, wildcardMatch } from '../../local/gateway/iam-policy';

const allow = (...Resource: string[]) => ({ Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource }] });

describe('IAM wildcard matching, as documented', () => {
  it.each([
    // "*" matches any combination of characters, "/" included; "?" exactly one character.
    ['arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket/folder/file.txt', true],
    ['arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket', false],
    ['arn:aws:iam::123456789012:user/*', 'arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob', true],
    ['arn:aws:s3:::amzn-s3-demo-bucket/???.txt', 'arn:aws:s3:::amzn-s3-demo-bucket/abc.txt', true],
    ['arn:aws:s3:::amzn-s3-demo-bucket/???.txt', 'arn:aws:s3:::amzn-s3-demo-bucket/abcd.txt', false],
    ['*', '', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x', false],
  ])('%s against %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('execute-api policies, as documented', () => {
  const arn = (resource: string) => `arn:aws:execute-api:us-east-1:111122223333:a123456789/test/${resource}`;

  it('matches methods and child resources with wildcards', () => {
    // "arn:aws:execute-api:us-east-1:*:a123456789/test/POST/mydemoresource/*": POST to any child of /mydemoresource in test.
    const policy = allow('arn:aws:execute-api:us-east-1:*:a123456789/test/POST/mydemoresource/*');
    expect(evaluatePolicy(policy, arn('POST/mydemoresource/1'))).toBe('allow');
    expect(evaluatePolicy(policy, arn('POST/mydemoresource/1/2'))).toBe('allow');
    expect(evaluatePolicy(policy, arn('GET/mydemoresource/1'))).toBe('deny');
    expect(evaluatePolicy(policy, `arn:aws:execute-api:us-east-1:111122223333:a123456789/prod/POST/mydemoresource/1`)).toBe('deny');
    // "arn:aws:execute-api:us-east-1:*:a123456789/*/*/petstorewalkthrough/pets": any stage and method.
    expect(evaluatePolicy(allow('arn:aws:execute-api:us-east-1:*:a123456789/*/*/petstorewalkthrough/pets'), arn('DELETE/petstorewalkthrough/pets'))).toBe('allow');
  });

  it('lets an explicit Deny win over any Allow, and denies implicitly', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:*', Resource: arn('*') },
        { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: [arn('DELETE/*')] },
      ],
    };
    expect(evaluatePolicy(policy, arn('GET/x'))).toBe('allow');
    expect(evaluatePolicy(policy, arn('DELETE/x'))).toBe('deny');
    expect(evaluatePolicy({ Statement: [] }, arn('GET/x'))).toBe('deny');
    expect(evaluatePolicy({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, arn('GET/x'))).toBe('deny');
  });

  it('reads action names case-insensitively, and NotAction and NotResource', () => {
    expect(evaluatePolicy({ Statement: [{ Effect: 'Allow', Action: 'Execute-API:invoke', Resource: '*' }] }, arn('GET/x'))).toBe('allow');
    expect(evaluatePolicy({ Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }] }, arn('GET/x'))).toBe('allow');
    expect(evaluatePolicy({ Statement: [{ Effect: 'Allow', Action: '*', NotResource: arn('GET/*') }] }, arn('GET/x'))).toBe('deny');
  });
});
