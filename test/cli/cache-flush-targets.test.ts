/**
 * `gatehouse revoke` / `flush` on AWS: which authorizer caches they flush, through the AWS SDK's own
 * requests. API Gateway is stood in for by a loopback server named in the SDK's service-specific
 * endpoint variables (AWS_ENDPOINT_URL_API_GATEWAY, AWS_ENDPOINT_URL_APIGATEWAYV2), so what is checked
 * is the HTTP request each documented operation makes:
 * - REST APIs: FlushStageAuthorizersCache, `DELETE /restapis/{restapi_id}/stages/{stage_name}/cache/authorizers`;
 * - HTTP APIs: ResetAuthorizersCache, `DELETE /v2/apis/{apiId}/stages/{stageName}/cache/authorizers`
 *   (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename-cache-authorizers.html).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awsTarget } from '../../bin/cli/revoke-targets';
import type { EnvironmentSettings } from '../../stacks/model/environment';

const demo: EnvironmentSettings = { name: 'staging', region: 'eu-west-1', api: { kind: 'demo' } };
const existing: EnvironmentSettings = { name: 'production', region: 'eu-central-1', api: { kind: 'existing', restApiId: 'abc123defg', stageName: 'live', routes: ['GET /orders'] } };

const requests: string[] = [];
let status = 202;
let server: Server;
const saved: Record<string, string | undefined> = {};
const variables = ['AWS_ENDPOINT_URL_API_GATEWAY', 'AWS_ENDPOINT_URL_APIGATEWAYV2', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_MAX_ATTEMPTS'];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status >= 400 ? JSON.stringify({ message: 'Invalid stage identifier specified' }) : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const name of variables) saved[name] = process.env[name];
  Object.assign(process.env, { AWS_ENDPOINT_URL_API_GATEWAY: endpoint, AWS_ENDPOINT_URL_APIGATEWAYV2: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  status = 202;
});

describe('which authorizer caches revoke and flush empty on AWS', () => {
  it('flushes an existing REST API\'s stage, as the environment declares it', async () => {
    const flushed = await awsTarget({ environment: 'production' }, [existing]).flush();
    expect(requests).toEqual(['DELETE /restapis/abc123defg/stages/live/cache/authorizers']);
    expect(flushed).toBe('authorizer cache of abc123defg/live (eu-central-1)');
  });

  it('resets an HTTP API stage\'s cache too when one is named, $default unless told', async () => {
    const flushed = await awsTarget({ environment: 'production', httpApiId: 'h77api0001' }, [existing]).flush();
    expect(requests).toEqual(['DELETE /restapis/abc123defg/stages/live/cache/authorizers', 'DELETE /v2/apis/h77api0001/stages/%24default/cache/authorizers']);
    expect(flushed).toBe('authorizer cache of abc123defg/live (eu-central-1) and authorizer cache of HTTP API h77api0001/$default (eu-central-1)');
  });

  it('resets only the HTTP API\'s cache in an environment whose REST API Gatehouse creates, when no REST stage is named', async () => {
    await awsTarget({ environment: 'staging', httpApiId: 'h77api0001', httpApiStage: 'prod' }, [demo]).flush();
    expect(requests).toEqual(['DELETE /v2/apis/h77api0001/stages/prod/cache/authorizers']);
  });

  it('refuses to guess a stage: a created REST API needs --rest-api-id and --stage', () => {
    expect(() => awsTarget({ environment: 'staging' }, [demo])).toThrow(/pass --rest-api-id and --stage/);
    expect(() => awsTarget({ environment: 'staging', restApiId: 'r1', httpApiId: 'h1' }, [demo])).toThrow(/pass --rest-api-id and --stage/);
    expect(requests).toEqual([]);
  });

  it('fails, naming the cache, when API Gateway refuses the flush', async () => {
    status = 404;
    await expect(awsTarget({ environment: 'production', httpApiId: 'h77api0001' }, [existing]).flush()).rejects.toThrow(/could not flush the authorizer cache of abc123defg\/live \(eu-central-1\): .*Invalid stage identifier/);
    // The first refusal stops the command: nothing is reported flushed that was not.
    expect(requests).toEqual(['DELETE /restapis/abc123defg/stages/live/cache/authorizers']);
  });
});
