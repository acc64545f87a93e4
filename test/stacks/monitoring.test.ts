/**
 * The platform's alarms, their topic and the dashboard, read from the Terraform JSON. Every alarm on a
 * decision metric is checked against the metrics the authorizer's own decision lines publish (the lines
 * DecisionLog writes, read as CloudWatch extracts EMF: one metric per directive, dimension set and name),
 * so an alarm cannot watch a metric the authorizer does not emit.
 */
import type { FullDecision } from '../../lambda/authorizer';
import { requestFromEvent } from '../../lambda/api-gateway-event';
import { type DecisionCounters, DecisionLog } from '../../lambda/decision-log';
import type { Reason } from '../../lambda/decision';
import { REASON_OUTCOMES } from '../../lambda/decision';
import { loadConfig } from '../../record/authorizer-settings';
import type { GatehousePlatformProps } from '../../stacks/constructs/gatehouse-platform';
import { authorizerEvent } from '../support/events';
import { testKey } from '../support/records';
import { resourcesOfType, synthResources, testPlatform } from '../support/stacks';

type Alarm = Record<string, unknown> & {
  alarm_name: string;
  alarm_actions: string[];
  ok_actions: string[];
  namespace?: string;
  metric_name?: string;
  dimensions?: Record<string, string>;
  metric_query?: { id: string; expression?: string; metric?: { namespace: string; metric_name: string; dimensions?: Record<string, string> } }[];
};

function synth(props: Partial<GatehousePlatformProps> = {}) {
  const { stack } = testPlatform(() => undefined, props);
  const resources = synthResources(stack);
  const [lambda] = resourcesOfType(resources, 'aws_lambda_function');
  const environment = (lambda?.environment as { variables: Record<string, string> }).variables;
  return {
    alarms: resourcesOfType(resources, 'aws_cloudwatch_metric_alarm') as Alarm[],
    topics: resourcesOfType(resources, 'aws_sns_topic'),
    dashboards: resourcesOfType(resources, 'aws_cloudwatch_dashboard'),
    environment,
  };
}

/** `namespace|name|dim=value,…` for every metric the decision lines of these reasons publish. */
function publishedMetrics(environment: Record<string, string>): Set<string> {
  const log = new DecisionLog(loadConfig(environment).metrics);
  const { record } = testKey({ client: 'acme', auth: { method: 'hmac', secretRefs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf'] } });
  const request = requestFromEvent(authorizerEvent({ authorization: 'Bearer x', sourceIp: '203.0.113.9', path: '/orders/7' }));
  const counters: DecisionCounters = { keySetFetches: 1, identityProviderFetchFailures: 1 };
  const published = new Set<string>();
  for (const reason of Object.keys(REASON_OUTCOMES) as Reason[]) {
    const decision = { outcome: REASON_OUTCOMES[reason], reason, detail: 'test', record, recordCache: 'miss' } as FullDecision;
    const document = JSON.parse(log.line(decision, request, 1, counters)) as Record<string, unknown>;
    const directives = (document._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics;
    for (const directive of directives)
      for (const set of directive.Dimensions)
        for (const metric of directive.Metrics) published.add(metricKey(directive.Namespace, metric.Name, Object.fromEntries(set.map((name) => [name, String(document[name])]))));
  }
  return published;
}

function metricKey(namespace: string, name: string, dimensions: Record<string, string> = {}): string {
  const dims = Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dimension, value]) => `${dimension}=${value}`);
  return `${namespace}|${name}|${dims.join(',')}`;
}

/** Every metric an alarm reads, directly or in its metric math. */
function alarmMetrics(alarm: Alarm): { namespace: string; name: string; dimensions?: Record<string, string> }[] {
  if (alarm.metric_name) return [{ namespace: alarm.namespace as string, name: alarm.metric_name, dimensions: alarm.dimensions }];
  return (alarm.metric_query ?? []).flatMap((query) => (query.metric ? [{ namespace: query.metric.namespace, name: query.metric.metric_name, dimensions: query.metric.dimensions }] : []));
}

const names = (alarms: Alarm[]) => alarms.map((alarm) => alarm.alarm_name).sort();

describe('platform monitoring', () => {
  it('by default: a topic, alarms notifying it, and a dashboard', () => {
    const { alarms, topics, dashboards } = synth();
    expect(topics).toEqual([expect.objectContaining({ name: 'gatehouse-alarms' })]);
    expect(names(alarms)).toEqual(
      [
        'authorizer-errors',
        'dynamodb-errors',
        'identity-provider-fetch-failures',
        'lambda-errors',
        'lambda-throttles',
        'store-unavailable',
        'unauthorized-surge',
      ].map((name) => `gatehouse-${name}`),
    );
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\..*\.arn\}$/)]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    }
    expect(dashboards).toHaveLength(1);
  });

  it('alarms only on metrics the decision lines publish, or that Lambda and DynamoDB publish for the function and table', () => {
    const { alarms, environment } = synth({ authorizer: { metrics: { namespace: 'Gatehouse/prod', service: 'orders-api' } } });
    const published = publishedMetrics(environment);
    const watched = alarms.flatMap(alarmMetrics);
    const own = watched.filter((metric) => !metric.namespace.startsWith('AWS/'));
    expect(own.length).toBeGreaterThanOrEqual(4);
    for (const metric of own) expect(published).toContain(metricKey(metric.namespace, metric.name, metric.dimensions));
    for (const metric of watched.filter((metric) => metric.namespace === 'AWS/Lambda')) expect(metric.dimensions).toEqual({ FunctionName: 'gatehouse-authorizer' });
    for (const metric of watched.filter((metric) => metric.namespace === 'AWS/DynamoDB')) expect(metric.dimensions?.TableName).toMatch(/^\$\{aws_dynamodb_table\..*\.name\}$/);
  });

  it('watches the 500s, the 401 surge against its anomaly band, and persistent identity-provider failures', () => {
    const { alarms } = synth();
    const byName = new Map(alarms.map((alarm) => [alarm.alarm_name, alarm]));
    expect(byName.get('gatehouse-authorizer-errors')).toMatchObject({ metric_name: 'Decisions', dimensions: { service: 'gatehouse', outcome: 'error' }, threshold: 5, statistic: 'Sum' });
    const surge = byName.get('gatehouse-unauthorized-surge') as Alarm;
    expect(surge).toMatchObject({ comparison_operator: 'GreaterThanUpperThreshold', threshold_metric_id: 'band' });
    expect(surge.metric_query).toContainEqual(expect.objectContaining({ id: 'band', expression: 'ANOMALY_DETECTION_BAND(m1, 3)' }));
    expect(byName.get('gatehouse-identity-provider-fetch-failures')).toMatchObject({ evaluation_periods: 3, threshold: 1 });
  });

  it('is tunable: a named topic instead of its own, thresholds, no dashboard', () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:pager';
    const { alarms, topics, dashboards } = synth({ monitoring: { alarmTopicArn: topic, dashboard: false, thresholds: { authorizerErrors: 20, unauthorizedSurgeBand: 5 } } });
    expect(topics).toEqual([]);
    expect(dashboards).toEqual([]);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([topic]);
    expect(alarms.find((alarm) => alarm.alarm_name === 'gatehouse-authorizer-errors')).toMatchObject({ threshold: 20 });
    expect(alarms.find((alarm) => alarm.alarm_name === 'gatehouse-unauthorized-surge')?.metric_query).toContainEqual(expect.objectContaining({ expression: 'ANOMALY_DETECTION_BAND(m1, 5)' }));
  });

  it('keeps only the Lambda and DynamoDB alarms when decision lines carry no metrics', () => {
    const { alarms } = synth({ authorizer: { metrics: { enabled: false } } });
    expect(names(alarms)).toEqual(['gatehouse-dynamodb-errors', 'gatehouse-lambda-errors', 'gatehouse-lambda-throttles']);
  });

  it('turned off: no alarms, no topic, no dashboard', () => {
    const { alarms, topics, dashboards } = synth({ monitoring: { enabled: false } });
    expect([alarms, topics, dashboards]).toEqual([[], [], []]);
  });

  it('draws a dashboard of the alarms and the decision metrics', () => {
    const { dashboards } = synth();
    const body = JSON.parse((dashboards[0] as { dashboard_body: string }).dashboard_body) as { widgets: { type: string; properties: { title: string; alarms?: string[]; metrics?: unknown[][] } }[] };
    expect(body.widgets.map((widget) => widget.properties.title)).toEqual(['Alarms', 'Authorizer Lambda', 'Key table reads', 'Decisions by outcome', 'Decision latency (ms)', 'Key record cache', 'Identity providers']);
    expect(body.widgets[0]?.properties.alarms).toHaveLength(7);
    const outcomes = body.widgets.find((widget) => widget.properties.title === 'Decisions by outcome')?.properties.metrics ?? [];
    expect(outcomes.map((line) => line.slice(0, 6))).toEqual(['allow', 'deny', 'unauthorized', 'error'].map((outcome) => ['Gatehouse', 'Decisions', 'service', 'gatehouse', 'outcome', outcome]));
  });
});
