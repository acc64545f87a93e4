/**
 * The decision lines of the real handler over dynalite, read as CloudWatch would: every line a valid
 * Embedded Metric Format document (schema from AWS's specification, checked with ajv), its metrics
 * named, typed and dimensioned as record/decision-metrics.ts declares, whatever the outcome.
 */
import Ajv from 'ajv';
import { mintApiKeyToken } from '../../record/api-key-token';
import { DECISION_METRICS, PER_CLIENT_DIMENSION_SETS } from '../../record/decision-metrics';
import { EMF_SCHEMA, emfTargetProblems } from '../support/emf-schema';
import { authorizerEvent } from '../support/events';
import { type HandlerOverDynalite, startHandlerOverDynalite } from '../support/handler-over-dynalite';
import { rsaKeyPair, rsaKeyRecord } from '../support/keys';
import { testKey } from '../support/records';
import { bearer, freshClaims, signRs256 } from '../support/tokens';

const validate = new Ajv({ allErrors: true, strict: true }).compile(EMF_SCHEMA);
const pair = rsaKeyPair();
let env: HandlerOverDynalite;
let key: ReturnType<typeof testKey>;

beforeAll(async () => {
  key = testKey({ client: 'acme', auth: { method: 'rsa', publicKeys: [await rsaKeyRecord(pair.publicKey)] }, blockedIps: ['198.51.100.66'] });
  env = await startHandlerOverDynalite([key.record], { env: { GATEHOUSE_METRICS_NAMESPACE: 'Gatehouse/test', GATEHOUSE_METRICS_SERVICE: 'gatehouse-test', GATEHOUSE_METRICS_PER_CLIENT: 'true' } });
});
afterAll(async () => env?.close());

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

it('writes valid EMF for allows, denies, refusals before and after the lookup', async () => {
  const token = (claims: Record<string, unknown>) => bearer(signRs256(pair.privateKey, freshClaims(claims)));
  const requests = [
    { authorization: token({ gatehouse_sub: key.token }) }, // allow, record cache miss
    { authorization: token({ gatehouse_sub: key.token }) }, // allow, record cache hit
    { authorization: token({ gatehouse_sub: key.token }), sourceIp: '198.51.100.66' }, // 403 ip_blocked
    { authorization: token({ gatehouse_sub: mintApiKeyToken() }) }, // 401 api_key_unknown
    { authorization: 'Bearer not-a-jwt' }, // 401 before any lookup
  ];
  for (const request of requests) await env.invoke(authorizerEvent(request));
  const documents = env.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(documents.map((document) => [document.status, document.reason, document.recordCache])).toEqual([
    [200, 'ok', 'miss'],
    [200, 'ok', 'hit'],
    [403, 'ip_blocked', 'hit'],
    [401, 'api_key_unknown', 'miss'],
    [401, 'token_malformed', undefined],
  ]);
  const units = new Map<string, string>(Object.values(DECISION_METRICS).map((metric) => [metric.name, metric.unit]));
  for (const document of documents) {
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(emfTargetProblems(document)).toEqual([]);
    const directives = (document._aws as { CloudWatchMetrics: Directive[] }).CloudWatchMetrics;
    for (const directive of directives) {
      expect(directive.Namespace).toBe('Gatehouse/test');
      for (const metric of directive.Metrics) expect(metric.Unit).toBe(units.get(metric.Name));
    }
    expect(document).toMatchObject({ service: 'gatehouse-test', Decisions: 1 });
    expect(typeof document.DecisionLatency).toBe('number');
    // Per-client decisions only where the client is known from its record.
    const perClient = directives.filter((directive) => directive.Dimensions.some((set) => set.includes('client')));
    expect(perClient.map((directive) => directive.Dimensions)).toEqual(document.client === 'acme' ? [PER_CLIENT_DIMENSION_SETS] : []);
  }
});
