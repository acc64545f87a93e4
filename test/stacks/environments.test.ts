/**
 * Environments (issue 20) as synth builds them from one set of client files: a client in both
 * environments with settings that differ in one, a client in one environment only, a key per
 * environment, each environment's provider locked to its account and state kept under its own key; synth
 * refusing one token for two environments and a key without environment; and an environment protecting
 * an existing REST API whose routes are declared or read from its OpenAPI document (YAML and JSON), which
 * the route checks and the policy compilation use. The environments and client files are this test's own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { declaredKeyHash, keyHashFromDeclared, mintApiKeyToken } from '../../record/api-key-token';
import { decodeKeyRecord, type KeyRecord } from '../../record/key-record';
import { collectProblems } from '../../stacks/app/annotations';
import { wildcardMatch } from '../../local/gateway/iam-policy';
import type { ClientFile } from '../../stacks/app/clients-folder';
import { groupStackName, platformStackName, type GatehouseApp } from '../../stacks/app/gatehouse-app';
import type { EnvironmentSettings } from '../../stacks/model/environment';
import { routesFromOpenApi } from '../../stacks/model/openapi';
import { ApiClient, ApiKey, ClientAuth } from '../../stacks/gatehouse';
import { rsaKeyPair } from '../support/keys';
import { instancesOf, resourcesOfType, type SynthOutcome, synthEnvironments, synthResources } from '../support/stacks';
import { testTempDir } from '../support/temporary';

const PUBLIC_KEY = rsaKeyPair().publicKey.export({ format: 'pem', type: 'spki' }) as string;
const publicKey = () => PUBLIC_KEY;
const newHash = () => declaredKeyHash(mintApiKeyToken());

const QA: EnvironmentSettings = { name: 'qa', account: '111111111111', region: 'eu-central-1', state: { keyPrefix: 'orders-api/qa' }, api: { kind: 'demo' } };
const LIVE: EnvironmentSettings = { name: 'live', account: '222222222222', region: 'us-east-1', state: { bucket: 'live-terraform-state' }, api: { kind: 'demo' } };
const STATE_BUCKET = 'shared-terraform-state';

/** A client file as a team writes it, generated: its declaration runs once per environment. */
function clientFile(name: string, declare: ClientFile['declare']): ClientFile {
  return { name, declare };
}

/** Both environments, clients shared with a production override; keys per environment. */
const hashes = { sharedQa: newHash(), sharedLive: newHash(), qaOnly: newHash() };
const FILES: ClientFile[] = [
  clientFile('shared-partner', (scope, { policies, collections }) => {
    const client = new ApiClient(scope, 'shared-partner', {
      description: 'A partner in both environments',
      owner: 'team-partners',
      auth: ClientAuth.rsa({ publicKeys: [publicKey()] }),
      policy: policies.standard,
      collections: [collections.orders, collections.invoices],
      perEnvironment: { live: { policy: policies.trial, collections: [collections.ordersReadOnly] } },
    });
    new ApiKey(scope, 'shared-partner-qa', { client, environment: 'qa', tokenHash: hashes.sharedQa, allowedIps: ['10.0.0.0/8'] });
    new ApiKey(scope, 'shared-partner-live', { client, environment: 'live', tokenHash: hashes.sharedLive, allowedIps: ['198.51.100.0/24'], blockedIps: ['198.51.100.7'] });
  }),
  clientFile('qa-only', (scope, { policies, collections }) => {
    const client = new ApiClient(scope, 'qa-only', {
      description: 'A test harness that exists in qa alone',
      owner: 'team-quality',
      environments: ['qa'],
      auth: ClientAuth.rsa({ publicKeys: [publicKey()] }),
      policy: policies.trial,
      collections: [collections.health],
    });
    new ApiKey(scope, 'qa-only-main', { client, environment: 'qa', tokenHash: hashes.qaOnly });
  }),
];

type Synthesized = { resource: Record<string, Record<string, Record<string, unknown>>>; provider: { aws: Record<string, unknown>[] }; terraform: { backend: Record<string, Record<string, unknown>> }; data?: Record<string, Record<string, Record<string, unknown>>> };
const documentOf = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as Synthesized;

/** The stacks of one environment of a built app, by name. */
function stacksOf(built: GatehouseApp, environment: string) {
  const found = built.environments.find((candidate) => candidate.settings.name === environment);
  if (!found) throw new Error(`no environment ${environment}`);
  return found;
}

/** The key records a group stack writes, decoded from its items, by `<client>--<key>`. */
function recordsOf(stack: TerraformStack): Record<string, KeyRecord> {
  const items = instancesOf(synthResources(stack), 'aws_dynamodb_table_item');
  return Object.fromEntries(Object.entries(items).map(([name, item]) => [name, decodeKeyRecord(JSON.parse(item as string))]));
}

/** Whether a compiled policy admits a request, judged by IAM's wildcard rules (not by the compiler). */
function admits(record: KeyRecord, request: string): boolean {
  const { allow, deny } = record.client.policy;
  return allow.some((pattern) => wildcardMatch(pattern, request)) && !deny.some((pattern) => wildcardMatch(pattern, request));
}

/** A reference to a policy's usage plan id among the platform stack's outputs, read through remote state. */
const planOfPolicy = (policy: string) => new RegExp(`^\\$\\{(lookup\\()?data\\.terraform_remote_state\\.platform\\.outputs\\.usage_plan_ids(\\.${policy}|, "${policy}"\\))\\}$`);

const errorCodes = (outcome: SynthOutcome) => outcome.errors.map((problem) => `${problem.code} at ${problem.where}`);

describe('two environments from one set of client files', () => {
  let outcome: ReturnType<typeof synthEnvironments>;
  beforeAll(() => {
    outcome = synthEnvironments(FILES, [QA, LIVE], { stateBucket: STATE_BUCKET });
  });

  it('synthesizes without errors, a platform and a client-group stack per environment', () => {
    expect(outcome.failure).toBeUndefined();
    expect(outcome.errors).toEqual([]);
    for (const name of ['qa', 'live']) {
      const environment = stacksOf(outcome.built, name);
      expect(environment.platformStack.node.id).toBe(platformStackName(name));
      expect([...environment.groups.values()].map(({ stack }) => stack.node.id)).toEqual([groupStackName(name, 'clients')]);
    }
  });

  it('writes the shared client with its qa settings and qa key into qa, and the qa-only client there too', () => {
    const records = recordsOf(stacksOf(outcome.built, 'qa').groups.get('clients')!.stack);
    expect(Object.keys(records).sort()).toEqual(['qa-only--qa-only-main', 'shared-partner--shared-partner-qa']);
    const shared = records['shared-partner--shared-partner-qa']!;
    expect(shared.keyHash).toBe(keyHashFromDeclared(hashes.sharedQa));
    expect(shared.key).toMatchObject({ allowedIps: ['10.0.0.0/8'], blockedIps: [] });
    expect(shared.client.collections.map((collection) => collection.name)).toEqual(['orders', 'invoices']);
    expect(admits(shared, 'POST/orders')).toBe(true);
    expect(admits(shared, 'GET/invoices')).toBe(true);
    expect(records['qa-only--qa-only-main']!.keyHash).toBe(keyHashFromDeclared(hashes.qaOnly));
  });

  it('writes the shared client with its live override and live key into live, and nothing of the qa-only client', () => {
    const environment = stacksOf(outcome.built, 'live');
    const records = recordsOf(environment.groups.get('clients')!.stack);
    expect(Object.keys(records)).toEqual(['shared-partner--shared-partner-live']);
    const shared = records['shared-partner--shared-partner-live']!;
    expect(shared.keyHash).toBe(keyHashFromDeclared(hashes.sharedLive));
    expect(shared.key).toMatchObject({ allowedIps: ['198.51.100.0/24'], blockedIps: ['198.51.100.7'] });
    expect(shared.client.collections.map((collection) => collection.name)).toEqual(['orders-read-only']);
    expect(admits(shared, 'GET/orders/42')).toBe(true);
    expect(admits(shared, 'POST/orders')).toBe(false);
    expect(admits(shared, 'GET/invoices')).toBe(false);
    expect(environment.platform.catalog.clients.map((client) => client.name)).toEqual(['shared-partner']);
    // No key of another environment anywhere in this environment's stacks.
    const everything = [environment.platformStack, ...[...environment.groups.values()].map(({ stack }) => stack)].map((stack) => Testing.synth(stack)).join('\n');
    for (const hash of [hashes.sharedQa, hashes.qaOnly]) expect(everything).not.toContain(keyHashFromDeclared(hash));
  });

  it('joins each client to its environment\'s policy\'s usage plan: the default in qa, the override in live', () => {
    const usagePlanOf = (environment: string) => instancesOf(synthResources(stacksOf(outcome.built, environment).groups.get('clients')!.stack), 'aws_api_gateway_usage_plan_key');
    expect(usagePlanOf('qa')).toEqual({
      'shared-partner': expect.stringMatching(planOfPolicy("standard")),
      'qa-only': expect.stringMatching(planOfPolicy("trial")),
    });
    expect(usagePlanOf('live')).toEqual({ 'shared-partner': expect.stringMatching(planOfPolicy("trial")) });
  });

  it('locks each environment\'s provider to its account and region in every one of its stacks', () => {
    for (const settings of [QA, LIVE]) {
      const environment = stacksOf(outcome.built, settings.name);
      for (const stack of [environment.platformStack, ...[...environment.groups.values()].map(({ stack: group }) => group)]) {
        expect(documentOf(stack).provider.aws).toEqual([expect.objectContaining({ allowed_account_ids: [settings.account], region: settings.region })]);
      }
    }
  });

  it('keeps each stack\'s state under its environment\'s key, in its environment\'s bucket, and group stacks read their own platform\'s', () => {
    const expected = {
      qa: { bucket: STATE_BUCKET, prefix: 'orders-api/qa' },
      live: { bucket: 'live-terraform-state', prefix: 'gatehouse/live' },
    };
    for (const [name, { bucket, prefix }] of Object.entries(expected)) {
      const environment = stacksOf(outcome.built, name);
      expect(documentOf(environment.platformStack).terraform.backend.s3).toMatchObject({ bucket, key: `${prefix}/gatehouse-${name}.tfstate` });
      const group = documentOf(environment.groups.get('clients')!.stack);
      expect(group.terraform.backend.s3).toMatchObject({ bucket, key: `${prefix}/gatehouse-${name}-clients.tfstate` });
      expect(Object.values(group.data?.terraform_remote_state ?? {})).toEqual([expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket, key: `${prefix}/gatehouse-${name}.tfstate` }) })]);
    }
  });

  it('serves the first environment\'s keys in the local stack', () => {
    expect(outcome.built.localEnvironment).toBe('qa');
    expect(outcome.built.localData.catalog.keys.map((key) => key.name).sort()).toEqual(['qa-only-main', 'shared-partner-qa']);
  });
});

describe('what synth refuses across environments', () => {
  it('refuses one token hash declared for keys of two environments, even in different client files', () => {
    const hash = newHash();
    const keyed = (name: string, environment: string) =>
      clientFile(name, (scope, { policies, collections }) => {
        const client = new ApiClient(scope, name, { description: 'A partner system placing orders', owner: 'team-x', auth: ClientAuth.rsa({ publicKeys: [publicKey()] }), policy: policies.standard, collections: [collections.orders] });
        new ApiKey(scope, `${name}-key`, { client, environment, tokenHash: hash });
      });
    const outcome = synthEnvironments([keyed('first', 'qa'), keyed('second', 'live')], [QA, LIVE]);
    expect(errorCodes(outcome)).toEqual(['key/hash-in-several-environments at second/second-key']);
    expect(outcome.errors[0]).toMatchObject({ field: 'tokenHash' });
    expect(outcome.failure).toBeDefined();
  });

  it('refuses a key without environment when the app has several, and takes it when there is one', () => {
    const unplaced = clientFile('unplaced', (scope, { policies, collections }) => {
      const client = new ApiClient(scope, 'unplaced', { description: 'A partner system placing orders', owner: 'team-x', auth: ClientAuth.rsa({ publicKeys: [publicKey()] }), policy: policies.standard, collections: [collections.orders] });
      new ApiKey(scope, 'unplaced-key', { client, tokenHash: newHash() });
    });
    const several = synthEnvironments([unplaced], [QA, LIVE]);
    // Reported once per environment's stacks (and the local stack's), always the same rule.
    expect(new Set(errorCodes(several))).toEqual(new Set(['key/environment-missing at unplaced/unplaced-key']));
    expect(several.errors[0]).toMatchObject({ field: 'environment' });
    expect(several.failure).toBeDefined();
    const one = synthEnvironments([unplaced], [QA]);
    expect(one.errors).toEqual([]);
    expect(one.built.environments[0]!.platform.catalog.keys.map((key) => key.name)).toEqual(['unplaced-key']);
  });
});

describe('an environment protecting an existing REST API', () => {
  // What the API serves: no /invoices, and DELETE on an order, which no collection grants.
  const DECLARED = ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health', 'GET /invoices'];
  const DOCUMENT_ROUTES = ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /health'];
  const YAML = `openapi: 3.0.3
info: { title: Orders, version: '1' }
paths:
  /orders:
    get: { responses: { '200': { description: ok } } }
    post: { responses: { '201': { description: created } } }
    parameters: []
  /orders/{id}:
    get: { responses: { '200': { description: ok } } }
    delete: { responses: { '204': { description: gone } } }
  /health:
    get: { responses: { '200': { description: ok } } }
`;
  const JSON_DOCUMENT = {
    swagger: '2.0',
    info: { title: 'Orders', version: '1' },
    paths: {
      '/orders': { get: { responses: {} }, post: { responses: {} } },
      '/orders/{id}': { get: { responses: {} }, delete: { responses: {} } },
      '/health': { get: { responses: {} } },
    },
  };
  const existing = (name: string, restApiId: string, routes: readonly string[]): EnvironmentSettings => ({ name, account: '333333333333', region: 'eu-west-1', api: { kind: 'existing', restApiId, stageName: 'v1', routes } });

  let outcome: ReturnType<typeof synthEnvironments>;
  let yamlRoutes: string[];
  let jsonRoutes: string[];
  beforeAll(() => {
    const dir = testTempDir('gatehouse-openapi');
    writeFileSync(join(dir, 'openapi.yaml'), YAML);
    writeFileSync(join(dir, 'swagger.json'), JSON.stringify(JSON_DOCUMENT, null, 2));
    yamlRoutes = routesFromOpenApi(join(dir, 'openapi.yaml'));
    jsonRoutes = routesFromOpenApi(join(dir, 'swagger.json'));
    const client = clientFile('orders-partner', (scope, { policies, collections }) => {
      const declared = new ApiClient(scope, 'orders-partner', { description: 'A partner system placing orders', owner: 'team-x', auth: ClientAuth.rsa({ publicKeys: [publicKey()] }), policy: policies.standard, collections: [collections.orders, collections.invoices] });
      for (const environment of ['declared', 'from-yaml', 'from-json']) new ApiKey(scope, `orders-partner-${environment}`, { client: declared, environment, tokenHash: newHash() });
    });
    outcome = synthEnvironments([client], [existing('declared', 'a1b2c3d4e5', DECLARED), existing('from-yaml', 'f6g7h8i9j0', yamlRoutes), existing('from-json', 'k1l2m3n4o5', jsonRoutes)], { stateBucket: STATE_BUCKET });
  });

  it('reads the same routes from the YAML and the JSON document', () => {
    expect(yamlRoutes.sort()).toEqual([...DOCUMENT_ROUTES].sort());
    expect(jsonRoutes.sort()).toEqual([...DOCUMENT_ROUTES].sort());
  });

  it('wires the authorizer and usage plans to the existing API and stage, creating no API', () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.failure).toBeUndefined();
    const environment = stacksOf(outcome.built, 'from-yaml');
    const resources = synthResources(environment.platformStack);
    expect(resourcesOfType(resources, 'aws_api_gateway_rest_api')).toEqual([]);
    expect(resourcesOfType(resources, 'aws_api_gateway_authorizer')).toEqual([expect.objectContaining({ rest_api_id: 'f6g7h8i9j0' })]);
    const plans = resourcesOfType(resources, 'aws_api_gateway_usage_plan');
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan.api_stages).toEqual([{ api_id: 'f6g7h8i9j0', stage: 'v1' }]);
    expect(resourcesOfType(resources, 'aws_lambda_permission')).toEqual([expect.objectContaining({ source_arn: expect.stringMatching(/^arn:aws:execute-api:eu-west-1:333333333333:f6g7h8i9j0\/authorizers\//) })]);
  });

  it('reports a collection route the API\'s document lacks, and not where the declared routes have it', () => {
    // Per stack: the app's own list shows a problem several stacks share once.
    const unused = (environment: string) =>
      collectProblems(stacksOf(outcome.built, environment).platformStack).filter((problem) => problem.code === 'collection/route-unused').map((problem) => problem.value);
    expect(unused('from-yaml')).toEqual(['"GET /invoices"']);
    expect(unused('from-json')).toEqual(['"GET /invoices"']);
    expect(unused('declared')).toEqual([]);
  });

  it.each(['from-yaml', 'from-json'])('compiles the grants against the routes of the document (%s)', (name) => {
    const records = Object.values(recordsOf(stacksOf(outcome.built, name).groups.get('clients')!.stack));
    expect(records).toHaveLength(1);
    const [record] = records as [KeyRecord];
    // Every route the document declares, as a request: granted exactly when a collection grants it.
    const granted = new Set(['GET /orders', 'POST /orders', 'GET /orders/{id}']);
    for (const route of DOCUMENT_ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      expect([route, admits(record, `${method}${path.replace('{id}', '42')}`)]).toEqual([route, granted.has(route)]);
    }
  });
});
