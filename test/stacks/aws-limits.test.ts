/**
 * Synth refuses names and values AWS would refuse during the deploy: each rule against AWS's documented
 * limit (the expectations are written from the documentation, not from the rules), and the platform's
 * derived names through a real synth, with the construct path, the field, the value and the fix.
 */
import { rmSync } from 'node:fs';
import { ApiDefinition } from '../../stacks/model/api-definition';
import { Catalog } from '../../stacks/model/catalog';
import { API_KEY_NAME, API_KEY_VALUE } from '../../stacks/model/aws-limits/api-gateway';
import { LOG_GROUP_NAME } from '../../stacks/model/aws-limits/cloudwatch-logs';
import { DYNAMODB_TABLE_NAME } from '../../stacks/model/aws-limits/dynamodb';
import { IAM_ROLE_NAME } from '../../stacks/model/aws-limits/iam';
import { LAMBDA_FUNCTION_NAME } from '../../stacks/model/aws-limits/lambda';
import { nameFindings, type NameRule } from '../../stacks/model/aws-limits/name-rule';
import { S3_BUCKET_PREFIX } from '../../stacks/model/aws-limits/s3';
import { collectProblems } from '../../stacks/app/annotations';
import { demoMaterial } from '../../stacks/app/demo-material';
import type { ClientDefinition } from '../../stacks/model/api-client';
import { testPlatform } from '../support/stacks';

const accepts = (rule: NameRule, value: string) => nameFindings({ rule, field: 'f', value, fix: 'x' }).length === 0;

describe('AWS name and value limits', () => {
  it.each<[string, NameRule, { longest: number; shortest: number; refused: string }]>([
    ['Lambda function names: 64, letters, digits, - and _', LAMBDA_FUNCTION_NAME, { longest: 64, shortest: 1, refused: 'gatehouse.authorizer' }],
    ['IAM role names: 64, letters, digits and _+=,.@-', IAM_ROLE_NAME, { longest: 64, shortest: 1, refused: 'gatehouse/authorizer' }],
    ['log group names: 512, letters, digits and _-/.#', LOG_GROUP_NAME, { longest: 512, shortest: 1, refused: '/aws/lambda/gate house' }],
    ['DynamoDB table names: 3 to 255, letters, digits and _-.', DYNAMODB_TABLE_NAME, { longest: 255, shortest: 3, refused: 'gatehouse/keys' }],
    ['API key values: 20 to 128, alphanumeric', API_KEY_VALUE, { longest: 128, shortest: 20, refused: 'gatehouse-acme-0123456789abcdef' }],
    ['Terraform bucket_prefix: 37, lowercase', S3_BUCKET_PREFIX, { longest: 37, shortest: 1, refused: 'Gatehouse-truststore-' }],
  ])('%s', (_limit, rule, { longest, shortest, refused }) => {
    expect(accepts(rule, 'a'.repeat(longest))).toBe(true);
    expect(accepts(rule, 'a'.repeat(longest + 1))).toBe(false);
    expect(accepts(rule, 'a'.repeat(shortest))).toBe(true);
    if (shortest > 1) expect(accepts(rule, 'a'.repeat(shortest - 1))).toBe(false);
    expect(accepts(rule, refused)).toBe(false);
  });

  it('API key names: up to 1024 characters', () => {
    expect(accepts(API_KEY_NAME, 'n'.repeat(1024))).toBe(true);
    expect(accepts(API_KEY_NAME, 'n'.repeat(1025))).toBe(false);
  });

  it('says what is wrong, where AWS documents it, and the fix', () => {
    expect(nameFindings({ rule: API_KEY_VALUE, field: 'value', value: 'has-dashes-and-is-long-enough', fix: 'use letters and digits' })).toEqual([
      expect.objectContaining({ field: 'value', value: 'has-dashes-and-is-long-enough', message: expect.stringContaining('letters and digits'), fix: 'use letters and digits' }),
    ]);
    expect(nameFindings({ rule: LAMBDA_FUNCTION_NAME, field: 'namePrefix', value: 'x'.repeat(71), fix: 'shorten it' })[0]?.message).toMatch(/^is 71 characters long, where AWS allows 1 to 64 for Lambda function names \(https:\/\/docs\.aws\.amazon\.com\/lambda\//);
  });

  it('derives usage-plan API key values AWS accepts, distinct per deployment and client', () => {
    const values = new Set<string>();
    for (const prefix of ['g', 'gatehouse', 'p'.repeat(64)]) {
      for (const name of ['a', 'acme-logistics', 'c'.repeat(64)]) {
        // The value depends only on the deployment's prefix and the client's name (a client with a policy).
        const client = { name, policy: {} } as unknown as ClientDefinition;
        const value = new Catalog(prefix, new ApiDefinition(['GET /x']), new Date(), () => undefined).usageIdentifierKey(client);
        expect(value).toMatch(/^[A-Za-z0-9]{20,128}$/);
        values.add(value as string);
      }
    }
    expect(values.size).toBe(9);
  });
});

describe('synth of a platform whose generated names exceed AWS limits', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const errorsOf = (namePrefix: string, mutualTls = false) => {
    const { app, stack } = testPlatform(() => undefined, {
      namePrefix,
      disableExecuteApiEndpoint: mutualTls ? true : undefined,
      mutualTls: mutualTls ? { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', truststorePem: demoMaterial().pki.caPem } : undefined,
    });
    outdirs.push(app.outdir);
    const errors = collectProblems(stack).filter((problem) => problem.level === 'error');
    let failure: string | undefined;
    try {
      app.synth();
    } catch (caught) {
      failure = (caught as Error).message;
    }
    return { errors, failure };
  };

  it('refuses a 60-character namePrefix: 71-character Lambda function and IAM role names', () => {
    const prefix = `p${'x'.repeat(59)}`;
    const { errors, failure } = errorsOf(prefix);
    expect(errors.map((problem) => [problem.path, problem.code, problem.field, problem.value])).toEqual([
      ['test/platform', 'aws/name-out-of-limits', 'namePrefix', `"${prefix}"`],
      ['test/platform', 'aws/name-out-of-limits', 'namePrefix', `"${prefix}"`],
    ]);
    const [lambda, role] = errors;
    expect(lambda?.message).toMatch(new RegExp(`^gives the name "${prefix}-authorizer", which is 71 characters long, where AWS allows 1 to 64 for Lambda function names \\(.*\\)$`));
    expect(lambda?.fix).toBe('shorten namePrefix to at most 53 characters');
    expect(role?.message).toMatch(/which is 71 characters long, where AWS allows 1 to 64 for IAM role names/);
    expect(failure).toContain('Lambda function names');
  });

  it('accepts the longest namePrefix that fits (53 characters)', () => {
    expect(errorsOf('p'.repeat(53))).toEqual({ errors: [], failure: undefined });
  });

  it('refuses a namePrefix that makes the truststore bucket prefix longer than Terraform allows', () => {
    expect(errorsOf('p'.repeat(25), true).errors).toEqual([]);
    const { errors } = errorsOf('p'.repeat(26), true);
    expect(errors.map((problem) => [problem.message, problem.fix])).toEqual([[expect.stringMatching(/"p{26}-truststore-", which is 38 characters long, where AWS allows 1 to 37 for S3 bucket name prefixes/), 'shorten namePrefix to at most 25 characters']]);
  });
});
