import Ajv from 'ajv';
import { requestFromEvent } from '../../lambda/api-gateway-event';
import type { FullDecision } from '../../lambda/authorizer';
import { quote, REASON_OUTCOMES, type Reason } from '../../lambda/decision';
import { type DecisionCounters, DecisionLog } from '../../lambda/decision-log';
import { loadConfig, type MetricsConfig } from '../../record/authorizer-settings';
import { DECISION_METRICS, METRIC_DIMENSIONS, PER_CLIENT_DIMENSION_SETS } from '../../record/decision-metrics';
import { EMF_SCHEMA, emfTargetProblems } from '../support/emf-schema';
import { authorizerEvent } from '../support/events';
import { testKey } from '../support/records';

const validateEmf = new Ajv({ allErrors: true, strict: true }).compile(EMF_SCHEMA);
const metrics = (overrides: Partial<MetricsConfig> = {}): MetricsConfig => ({ ...loadConfig({ GATEHOUSE_TABLE_NAME: 'keys' }).metrics, ...overrides });
const { token, record } = testKey({ auth: { method: 'hmac', secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] } });
const bearer = `Bearer eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ gatehouse_sub: token })).toString('base64url')}.c2ln`;
const request = requestFromEvent(authorizerEvent({ authorization: bearer, sourceIp: '203.0.113.9', path: '/orders/7' }));

function parse(line: string): Record<string, unknown> {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.indexOf('\n')).toBe(line.length - 1); // one line, one write
  return JSON.parse(line) as Record<string, unknown>;
}

/** The line as CloudWatch would read it: valid EMF, and metrics named and typed as record/decision-metrics.ts says. */
function expectEmf(document: Record<string, unknown>) {
  expect(validateEmf(document) ? [] : validateEmf.errors).toEqual([]);
  expect(emfTargetProblems(document)).toEqual([]);
  const known = new Map<string, string>(Object.values(DECISION_METRICS).map((metric) => [metric.name, metric.unit]));
  const directives = (document._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] }).CloudWatchMetrics;
  for (const directive of directives) {
    for (const metric of directive.Metrics) expect([metric.Name, metric.Unit]).toEqual([metric.Name, known.get(metric.Name)]);
    for (const name of directive.Dimensions.flat()) expect(Object.values(METRIC_DIMENSIONS)).toContain(name);
  }
  expect(Object.keys(REASON_OUTCOMES)).toContain(document.reason);
  expect(['allow', 'deny', 'unauthorized', 'error']).toContain(document.outcome);
  return directives;
}

describe('the decision log line', () => {
  it('writes a refusal\'s facts as data, with request values shortened and anything key-like redacted', () => {
    const ranges = Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`);
    const facts = (decision: Partial<FullDecision>) => parse(new DecisionLog(metrics({ enabled: false })).line({ outcome: 'deny', reason: 'ip_not_allowed', detail: 'x', ...decision } as FullDecision, request, 1)).facts;
    expect(facts({ facts: { field: 'sourceIp', actual: '203.0.113.9', expected: ranges } })).toEqual({ field: 'sourceIp', actual: '203.0.113.9', expected: [...ranges.slice(0, 5), '+4 more'] });
    expect(facts({ reason: 'audience_mismatch', facts: { field: 'aud', actual: `aud-${token}`, expected: ['api://orders'] } })).toEqual({ field: 'aud', actual: 'aud-<api key>', expected: ['api://orders'] });
    expect(JSON.stringify(facts({ facts: { field: 'iss', actual: 'x'.repeat(500) } })).length).toBeLessThan(120);
    expect(facts({ outcome: 'allow', reason: 'ok' })).toBeUndefined();
  });

  it('is one JSON object with outcome, status, reason and who, never the key or the token', () => {
    const line = new DecisionLog(metrics({ enabled: false })).line(
      { outcome: 'deny', reason: 'ip_blocked', detail: '203.0.113.9 is blocked', record, keySource: 'payload:gatehouse_sub', subject: 'svc', recordCache: 'hit' } as FullDecision,
      request,
      0.4567,
    );
    expect(parse(line)).toEqual({
      level: 'warn',
      event: 'gatehouse.decision',
      outcome: 'deny',
      status: 403,
      reason: 'ip_blocked',
      detail: '203.0.113.9 is blocked',
      client: 'acme',
      key: 'primary',
      keyHash: `${record.keyHash.slice(0, 16)}…`,
      authMethod: 'hmac',
      keySource: 'payload:gatehouse_sub',
      subject: 'svc',
      sourceIp: '203.0.113.9',
      resource: 'GET/orders/7',
      requestId: 'req-0001',
      recordCache: 'hit',
      durationMs: 0.46,
    });
    expect(line).not.toContain(token);
    expect(line).not.toContain(bearer.slice(7));
  });

  it('cuts an unverified subject short', () => {
    const line = parse(new DecisionLog(metrics()).line({ outcome: 'unauthorized', reason: 'signature_invalid', detail: 'x', subject: 's'.repeat(5000) }, request, 1));
    expect(line.subject).toBe(`${'s'.repeat(128)}…`);
  });

  it('logs errors at level error and allows at info', () => {
    const log = new DecisionLog(metrics());
    expect(parse(log.line({ outcome: 'error', reason: 'store_unavailable', detail: 'x' }, request, 1)).level).toBe('error');
    expect(parse(log.line({ outcome: 'allow', reason: 'ok', detail: 'x' }, request, 1))).toMatchObject({ level: 'info', status: 200 });
  });

  it('escapes U+2028 and U+2029 so that no value can break or forge a line', () => {
    const subject = 'svc\u2028{"level":"info","outcome":"allow"}\u2029end';
    const detail = 'quoted "\u2028"';
    const line = new DecisionLog(metrics()).line({ outcome: 'unauthorized', reason: 'signature_invalid', detail, subject }, request, 1);
    expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(parse(line)).toMatchObject({ subject, detail });
  });

  it('escapes U+2028 and U+2029 in the record\'s names and the configured service and namespace too', () => {
    const odd = { ...record, client: { ...record.client, name: 'acme\u2028x' }, key: { ...record.key, name: 'k\u2029' } };
    const log = new DecisionLog(metrics({ service: 'svc\u2028', namespace: 'Gate\u2029house' }));
    const line = log.line({ outcome: 'allow', reason: 'ok', detail: 'allowed', record: odd, recordCache: 'hit' }, request, 1);
    expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(parse(line)).toMatchObject({ client: 'acme\u2028x', key: 'k\u2029', service: 'svc\u2028' });
  });

  it('writes each allow with its own subject, key source and request, though a key\'s allows share the line\'s start', () => {
    const log = new DecisionLog(metrics());
    const allow = (subject: string | undefined, keySource: FullDecision['keySource'], from: typeof request) =>
      parse(log.line({ outcome: 'allow', reason: 'ok', detail: 'allowed', record, subject, keySource, recordCache: 'hit' }, from, 1));
    const base = authorizerEvent({ authorization: bearer, sourceIp: '198.51.100.4', path: '/orders/8' });
    const other = requestFromEvent({ ...base, requestContext: { ...base.requestContext, requestId: 'req-0002' } });
    expect(allow('svc-a', 'payload:gatehouse_sub', request)).toMatchObject({ subject: 'svc-a', keySource: 'payload:gatehouse_sub', sourceIp: '203.0.113.9', resource: 'GET/orders/7' });
    expect(allow('svc-a', 'payload:gatehouse_sub', other)).toMatchObject({ subject: 'svc-a', sourceIp: '198.51.100.4', resource: 'GET/orders/8', requestId: 'req-0002' });
    expect(allow('svc-b', 'payload:gatehouse_sub', request)).toMatchObject({ subject: 'svc-b' });
    expect(allow(undefined, 'header:kid', request)).not.toHaveProperty('subject');
    expect(allow(undefined, 'header:kid', request)).toMatchObject({ keySource: 'header:kid' });
    // A refusal after allows starts afresh: its reason, detail and facts.
    expect(parse(log.line({ outcome: 'deny', reason: 'ip_not_allowed', detail: 'no', record, subject: 'svc-a', facts: { field: 'sourceIp', actual: '192.0.2.1' } }, request, 1))).toMatchObject({ reason: 'ip_not_allowed', detail: 'no', subject: 'svc-a', facts: { field: 'sourceIp' } });
  });

  it('quotes untrusted values for details and traces with U+2028 and U+2029 escaped', () => {
    const quoted = quote('a\u2028b\u2029c');
    expect(quoted).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(quoted)).toBe('a\u2028b\u2029c');
  });

  it('escapes control characters and quotes in every value', () => {
    const subject = 'a"b\\c\n{"x":1}\u0000\u001f';
    const odd = requestFromEvent({ ...authorizerEvent({}), requestContext: { ...authorizerEvent({}).requestContext, requestId: 'r"\n1', identity: { ...authorizerEvent({}).requestContext.identity, sourceIp: '1.2.3.4"\n' } } });
    const line = new DecisionLog(metrics()).line({ outcome: 'unauthorized', reason: 'token_malformed', detail: 'd\r\n"', subject }, odd, 1);
    expect(parse(line)).toMatchObject({ subject, detail: 'd\r\n"', requestId: 'r"\n1', sourceIp: '1.2.3.4"\n' });
  });
});

describe('the decision line as CloudWatch metrics (Embedded Metric Format)', () => {
  const lookups: (FullDecision['recordCache'] | undefined)[] = [undefined, 'hit', 'miss'];
  const counters: DecisionCounters[] = [
    { keySetFetches: 0, identityProviderFetchFailures: 0 },
    { keySetFetches: 2, identityProviderFetchFailures: 1 },
  ];

  it('is a valid EMF document for every reason, with and without a record, lookup or fetches', () => {
    for (const perClient of [false, true]) {
      const log = new DecisionLog(metrics({ perClient, namespace: 'Gatehouse/prod', service: 'gatehouse-authorizer-prod' }));
      for (const [reason, outcome] of Object.entries(REASON_OUTCOMES) as [Reason, FullDecision['outcome']][]) {
        for (const recordCache of lookups) {
          for (const since of counters) {
            const decision: FullDecision = { outcome, reason, detail: 'd', record: recordCache ? record : undefined, recordCache };
            const document = parse(log.line(decision, request, 12.345, since));
            const directives = expectEmf(document);
            expect(directives.every((directive) => directive.Namespace === 'Gatehouse/prod')).toBe(true);
            expect(document).toMatchObject({ service: 'gatehouse-authorizer-prod', Decisions: 1, DecisionLatency: 12.35, outcome, reason });
            const names = directives.flatMap((directive) => directive.Metrics.map((metric) => metric.Name));
            expect(names.includes('RecordCacheHits')).toBe(recordCache !== undefined);
            expect(names.includes('KeySetFetches')).toBe(since.keySetFetches > 0);
            if (recordCache) expect([document.RecordCacheHits, document.RecordCacheMisses]).toEqual(recordCache === 'hit' ? [1, 0] : [0, 1]);
            if (since.keySetFetches > 0) expect([document.KeySetFetches, document.IdentityProviderFetchFailures]).toEqual([2, 1]);
            const perClientSets = directives.filter((directive) => directive.Dimensions.some((set) => set.includes('client')));
            expect(perClientSets.length).toBe(perClient && recordCache ? 1 : 0);
            if (perClientSets.length) expect(perClientSets[0]?.Dimensions).toEqual(PER_CLIENT_DIMENSION_SETS);
          }
        }
      }
    }
  });

  it('publishes decisions by outcome and by reason, and nothing keyed on request-specific values', () => {
    const document = parse(new DecisionLog(metrics()).line({ outcome: 'allow', reason: 'ok', detail: 'allowed', record, recordCache: 'miss' }, request, 1));
    const directives = expectEmf(document);
    const decisions = directives.find((directive) => directive.Metrics.some((metric) => metric.Name === 'Decisions'));
    expect(decisions?.Dimensions).toEqual([['service'], ['service', 'outcome'], ['service', 'reason']]);
    const dimensions = new Set(directives.flatMap((directive) => directive.Dimensions.flat()));
    for (const unbounded of ['subject', 'sourceIp', 'requestId', 'resource', 'key', 'keyHash', 'client']) expect(dimensions.has(unbounded)).toBe(false);
  });

  it('carries no metrics when turned off', () => {
    const document = parse(new DecisionLog(metrics({ enabled: false })).line({ outcome: 'allow', reason: 'ok', detail: 'allowed', record, recordCache: 'hit' }, request, 1));
    expect(document._aws).toBeUndefined();
    expect(document.Decisions).toBeUndefined();
  });

  it('leaves a client whose name is no valid dimension value out of the per-client metrics', () => {
    const odd = testKey({ client: 'clïent', auth: record.client.auth }).record;
    const document = parse(new DecisionLog(metrics({ perClient: true })).line({ outcome: 'allow', reason: 'ok', detail: 'allowed', record: odd, recordCache: 'hit' }, request, 1));
    const directives = expectEmf(document);
    expect(directives.some((directive) => directive.Dimensions.flat().includes('client'))).toBe(false);
    expect(document.client).toBe('clïent');
  });
});

describe('the EMF checks themselves', () => {
  const valid = { _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['service']], Metrics: [{ Name: 'Decisions', Unit: 'Count' }] }] }, service: 's', Decisions: 1 };

  it('accept a document from the specification and refuse what CloudWatch would not extract', () => {
    expect(validateEmf(valid)).toBe(true);
    expect(emfTargetProblems(valid)).toEqual([]);
    const directive = valid._aws.CloudWatchMetrics[0] as (typeof valid)['_aws']['CloudWatchMetrics'][number];
    const broken = (change: object) => ({ ...valid, _aws: { ...valid._aws, CloudWatchMetrics: [{ ...directive, ...change }] } });
    expect(validateEmf(broken({ Metrics: [{ Name: 'Decisions', Unit: 'Millis' }] }))).toBe(false);
    expect(validateEmf(broken({ Dimensions: [] }))).toBe(false);
    expect(validateEmf(broken({ Namespace: '' }))).toBe(false);
    expect(validateEmf({ ...valid, _aws: { ...valid._aws, Timestamp: 1.5 } })).toBe(false);
    expect(emfTargetProblems({ ...valid, service: 7 })).toEqual(['dimension service is not a string']);
    expect(emfTargetProblems({ ...valid, Decisions: '1' })).toEqual(['metric Decisions is not a number or an array of at most 100 numbers']);
    expect(emfTargetProblems({ _aws: valid._aws, Decisions: 1 })).toEqual(['dimension service is not a root member']);
  });
});
