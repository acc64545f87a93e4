/**
 * AWS's published sample authorizer events (../shared/aws-events/; SOURCES.md says where each comes
 * from) through the built bundle, what the Lambda runs, over dynalite. Unmodified, every sample fails
 * closed. With a genuine token swapped in where the sample carries (or lacks) its Authorization header,
 * each is decided: allowed, or refused for what the sample's own placeholder values make so (a source
 * address of "...", a route key that is a resource id, an ARN of template markers), and the decision log
 * says which. The answers are judged in the format each API reads: REST and payload 1.0 by IAM's rules
 * against the event's ARN, payload 2.0 as `isAuthorized` or, without simple responses, as a policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorizerResponse } from '../../lambda/api-gateway-event';
import { evaluatePolicy } from '../../local/gateway/iam-policy';
import { TEST_API_ROUTES } from '../support/api';
import { type Called, type HandlerOverDynalite, startHandlerOverDynalite } from '../support/handler-over-dynalite';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

const SAMPLES = join(__dirname, '..', '..', '..', 'shared', 'aws-events');
type Sample = Record<string, unknown> & { headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; requestContext?: Record<string, unknown> };
const sample = (file: string): Sample => JSON.parse(readFileSync(join(SAMPLES, file), 'utf8')) as Sample;

const client = rsaKeyPair();
let partner: ReturnType<typeof testKey>;
let env: HandlerOverDynalite;
let withPolicies: (event: unknown) => Promise<Called>;

beforeAll(async () => {
  const auth = { method: 'rsa' as const, publicKeys: [await rsaKeyRecord(client.publicKey)] };
  // Granted the samples' own routes: the HTTP API ones (GET /merchants, ANY /request) and the REST one.
  const routes = ['GET /merchants', '* /request'];
  partner = testKey({ client: 'partner', auth, routes, apiRoutes: [...TEST_API_ROUTES, 'GET /merchants', 'ANY /request'] });
  env = await startHandlerOverDynalite([partner.record], { bundle: true, env: { GATEHOUSE_HTTP_API_SIMPLE_RESPONSES: 'true' } });
  withPolicies = env.variant({ GATEHOUSE_HTTP_API_SIMPLE_RESPONSES: 'false' });
}, 60_000);
afterAll(() => env?.close());

const token = () => bearer(signRs256(client.privateKey, freshClaims({ 'https://gatehouse.dev/sub': partner.token })));

/** The sample with its Authorization header's value replaced, or one added (in lower case on payload 2.0, as HTTP APIs pass it). */
function withToken(event: Sample, authorization: string): Sample {
  const headers = { ...(event.headers ?? {}) };
  const name = Object.keys(headers).find((header) => header.toLowerCase() === 'authorization') ?? (event.version === '2.0' ? 'authorization' : 'Authorization');
  headers[name] = authorization;
  const swapped: Sample = { ...event, headers };
  if (event.multiValueHeaders) swapped.multiValueHeaders = { ...event.multiValueHeaders, [name]: [authorization] };
  if (event.type === 'TOKEN') swapped.authorizationToken = authorization;
  return swapped;
}

/** What the caller would get: 401 and 500 from what the handler threw, 200 or 403 from its answer as the API reads it. */
function statusOf(called: Called, arn: string, simple: boolean): number {
  if (called.thrown !== undefined) return called.thrown === 'Unauthorized' ? 401 : 500;
  const result = called.result as AuthorizerResponse;
  if (simple) return 'isAuthorized' in result && result.isAuthorized === true ? 200 : 403;
  return 'policyDocument' in result && evaluatePolicy(result.policyDocument, arn) === 'allow' ? 200 : 403;
}

const REST_REQUEST = 'lambda-go.apigw-custom-auth-request-type-request.json';
const REST_TEMPLATE = 'sam-cli.ApiGatewayRestRequestAuthorizer.template.json';
const V1_CAPTURED = 'powertools-python.apiGatewayAuthorizerRequestEvent.json';
const V1_DOCUMENTED = 'lambda-go.apigw-v2-custom-authorizer-v1-request.json';
const V2_DOCUMENTED = 'lambda-go.apigw-v2-custom-authorizer-v2-request.json';
const V2_CAPTURED = 'powertools-python.apiGatewayAuthorizerV2Event.json';
const TOKEN = 'lambda-go.apigw-custom-auth-request.TOKEN.json';

// [file, status and reason unmodified, status and reason with a token swapped in]
const CASES: [string, [number, string], [number, string]][] = [
  [REST_REQUEST, [401, 'authorization_missing'], [403, 'source_ip_invalid']],
  [REST_TEMPLATE, [500, 'method_arn_invalid'], [500, 'method_arn_invalid']],
  [V1_CAPTURED, [401, 'authorization_missing'], [403, 'source_ip_invalid']],
  [V1_DOCUMENTED, [500, 'route_key_invalid'], [500, 'route_key_invalid']],
  [V2_DOCUMENTED, [401, 'authorization_missing'], [403, 'source_ip_invalid']],
  [V2_CAPTURED, [401, 'authorization_scheme_invalid'], [200, 'ok']],
  [TOKEN, [500, 'event_unsupported'], [500, 'event_unsupported']],
];

const arnOf = (event: Sample) => String(event.routeArn ?? event.methodArn);

describe.each(CASES)('%s', (file, unmodified, swapped) => {
  it(`unmodified: fails closed with ${unmodified.join(' ')}`, async () => {
    const event = sample(file);
    const called = await env.call(event);
    expect([statusOf(called, arnOf(event), event.version === '2.0'), called.log.reason]).toEqual(unmodified);
    expect(called.log).toMatchObject({ event: 'gatehouse.decision', status: unmodified[0], reason: unmodified[1] });
  });

  it(`with a genuine token swapped in: ${swapped.join(' ')}`, async () => {
    const event = withToken(sample(file), token());
    const called = await env.call(event);
    expect([statusOf(called, arnOf(event), event.version === '2.0'), called.log.reason]).toEqual(swapped);
    expect(called.log.status).toBe(swapped[0]);
  });
});

describe('what each refusal names, and what each answer holds', () => {
  it('REST: the placeholder address is named, and the answer denies only the sample\'s own API stage', async () => {
    const called = await env.call(withToken(sample(REST_REQUEST), token()));
    expect(called.log).toMatchObject({ client: 'partner', detail: 'source address "..." is not an IP address' });
    expect(called.result).toMatchObject({ policyDocument: { Statement: [{ Effect: 'Deny', Resource: 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/*' }] } });
  });

  it('SAM\'s template: its ARN of {{{markers}}} is refused before the token is read', async () => {
    expect((await env.call(withToken(sample(REST_TEMPLATE), token()))).log.detail).toMatch(/^method ARN "arn:\{\{\{partition\}\}\}/);
  });

  it('payload 1.0 as AWS documents it: its resource id is no route key, so the route cannot be known', async () => {
    expect((await env.call(withToken(sample(V1_DOCUMENTED), token()))).log.detail).toBe('route key "05c7jb" is not one an HTTP API defines');
  });

  it('payload 1.0 from an HTTP API, with a real address as well: allowed for its route ANY /request, as a policy with no usage key', async () => {
    const event = withToken(sample(V1_CAPTURED), token());
    const context = event.requestContext as Record<string, unknown>;
    const called = await env.call({ ...event, requestContext: { ...context, identity: { ...(context.identity as object), sourceIp: '198.51.100.20' } } });
    expect(called.log).toMatchObject({ status: 200, reason: 'ok', client: 'partner' });
    expect(called.result).toEqual({
      principalId: 'partner',
      context: { reason: 'ok', client: 'partner', key: 'primary', authMethod: 'rsa', subject: 'orders-sync', keySource: 'payload:https://gatehouse.dev/sub' },
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/*/request' }] },
    });
    expect(statusOf(called, String(event.methodArn), false)).toBe(200);
  });

  it('payload 2.0 with simple responses: isAuthorized and the context, the placeholder address refused', async () => {
    expect((await env.call(withToken(sample(V2_CAPTURED), token()))).result).toEqual({
      isAuthorized: true,
      context: { reason: 'ok', client: 'partner', key: 'primary', authMethod: 'rsa', subject: 'orders-sync', keySource: 'payload:https://gatehouse.dev/sub' },
    });
    const refused = await env.call(withToken(sample(V2_DOCUMENTED), token()));
    expect(refused.log.detail).toBe('source address "IP" is not an IP address');
    expect(refused.result).toMatchObject({ isAuthorized: false, context: { denyReason: 'source_ip_invalid', client: 'partner' } });
  });

  it('payload 2.0 without simple responses: a policy for the matched route (GET /merchants), not the ARN\'s path', async () => {
    const event = withToken(sample(V2_CAPTURED), token());
    const called = await withPolicies(event);
    expect(called.result).toMatchObject({
      principalId: 'partner',
      policyDocument: { Statement: [{ Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/merchants' }] },
    });
    expect(called.result).not.toHaveProperty('usageIdentifierKey');
    expect(called.result).not.toHaveProperty('isAuthorized');
    const refused = await withPolicies(withToken(sample(V2_DOCUMENTED), token()));
    expect(refused.result).toMatchObject({ policyDocument: { Statement: [{ Effect: 'Deny', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/*' }] } });
  });

  it('payload 2.0: two Authorization headers arrive joined with a comma, and are refused as ambiguous', async () => {
    const genuine = token();
    for (const joined of [`${genuine},${genuine}`, `${genuine}, Bearer junk`, `Bearer junk,${genuine}`]) {
      const called = await env.call(withToken(sample(V2_CAPTURED), joined));
      expect([called.thrown, called.log.reason]).toEqual(['Unauthorized', 'authorization_ambiguous']);
    }
  });

  it('a TOKEN authorizer\'s event is refused whatever it carries', async () => {
    expect((await env.call(withToken(sample(TOKEN), token()))).log.detail).toMatch(/^"type" is "TOKEN": only REQUEST authorizer events are decided/);
  });
});
