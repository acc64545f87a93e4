/**
 * What an operator watches: CloudWatch alarms on the authorizer, an SNS topic they notify (or the one the
 * user names), and a dashboard of the same metrics. The decision metrics come from the authorizer's own
 * log lines (Embedded Metric Format, record/decision-metrics.ts); their names and dimensions are read from
 * the same constants the authorizer writes with, so an alarm cannot watch a metric nobody emits.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { DECISION_METRICS, METRIC_DIMENSIONS } from '../../record/decision-metrics';
import type { MetricsConfig } from '../../record/authorizer-settings';
import { MONITORING_DEFAULTS, type MonitoringSettings } from '../model/monitoring-settings';

export interface PlatformMonitoringProps {
  readonly namePrefix: string;
  readonly functionName: string;
  readonly tableName: string;
  /** The authorizer's metrics configuration, as it loads it from its environment. */
  readonly metrics: MetricsConfig;
  readonly settings: MonitoringSettings;
}

interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly stat: string;
}

export class PlatformMonitoring extends Construct {
  readonly topicArn: string;
  readonly topic?: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly dashboard?: CloudwatchDashboard;
  private readonly period: number;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PlatformMonitoringProps,
  ) {
    super(scope, id);
    const { namePrefix, functionName, tableName, metrics, settings } = props;
    this.period = settings.periodSeconds ?? MONITORING_DEFAULTS.periodSeconds;
    const thresholds = { ...MONITORING_DEFAULTS, ...settings.thresholds };
    if (settings.alarmTopicArn === undefined) this.topic = new SnsTopic(this, 'alarm-topic', { name: `${namePrefix}-alarms` });
    this.topicArn = settings.alarmTopicArn ?? (this.topic as SnsTopic).arn;

    const lambda = (name: string): MetricRef => ({ namespace: 'AWS/Lambda', name, dimensions: { FunctionName: functionName }, stat: 'Sum' });
    const dynamodb = (name: string, dimensions: Record<string, string> = {}): MetricRef => ({ namespace: 'AWS/DynamoDB', name, dimensions: { TableName: tableName, ...dimensions }, stat: 'Sum' });

    // Lambda's own view: an Error is a crash the handler did not catch (the authorizer answers every
    // failure itself, so one is a bug), a Throttle a request API Gateway answered 500 without asking.
    this.alarm('lambda-errors', 'The authorizer Lambda failed (uncaught error or timeout): API Gateway answered 500', lambda('Errors'), 1);
    this.alarm('lambda-throttles', 'The authorizer Lambda was throttled: API Gateway answered 500', lambda('Throttles'), 1);
    // DynamoDB's side of the key table: errors on the authorizer's reads, and throttled reads.
    this.mathAlarm('dynamodb-errors', 'Reads of the key table failed or were throttled: keys not in the record cache are refused with 500', 'FILL(m1, 0) + FILL(m2, 0)', [
      dynamodb('SystemErrors', { Operation: 'GetItem' }),
      dynamodb('ReadThrottleEvents'),
    ], 1);

    // The rest needs the decision metrics in the log lines: with them off there is nothing to watch.
    if (metrics.enabled) {
      const decisions = (dimensions: Record<string, string>): MetricRef => ({
        namespace: metrics.namespace,
        name: DECISION_METRICS.decisions.name,
        dimensions: { [METRIC_DIMENSIONS.service]: metrics.service, ...dimensions },
        stat: 'Sum',
      });
      this.alarm('authorizer-errors', 'Decisions answered 500 (outcome error): see the decision log for the reason', decisions({ [METRIC_DIMENSIONS.outcome]: 'error' }), thresholds.authorizerErrors);
      this.mathAlarm('store-unavailable', 'The authorizer could not read the key table (reason store_unavailable)', 'FILL(m1, 0)', [decisions({ [METRIC_DIMENSIONS.reason]: 'store_unavailable' })], 1);
      this.unauthorizedSurge(decisions({ [METRIC_DIMENSIONS.outcome]: 'unauthorized' }), thresholds.unauthorizedSurgeBand);
      this.alarm(
        'identity-provider-fetch-failures',
        "Identity providers' discovery documents or key sets failed to fetch for several periods in a row: stale ones keep serving until GATEHOUSE_OIDC_MAX_STALE_SECONDS, then OIDC tokens are refused",
        { namespace: metrics.namespace, name: DECISION_METRICS.identityProviderFetchFailures.name, dimensions: { [METRIC_DIMENSIONS.service]: metrics.service }, stat: 'Sum' },
        1,
        thresholds.identityProviderFailurePeriods,
      );
    }
    if (settings.dashboard ?? true) this.dashboard = this.buildDashboard(lambda, dynamodb);
  }

  private alarmName(name: string): string {
    return `${this.props.namePrefix}-${name}`;
  }

  private common(name: string, description: string) {
    return {
      alarmName: this.alarmName(name),
      alarmDescription: description,
      alarmActions: [this.topicArn],
      okActions: [this.topicArn],
      // The decision metrics are only written when something happens; no data is no trouble.
      treatMissingData: 'notBreaching',
    };
  }

  /** Fires when the metric's sum reaches `threshold` in `periods` consecutive periods. */
  private alarm(name: string, description: string, metric: MetricRef, threshold: number, periods = 1): void {
    this.alarms.push(
      new CloudwatchMetricAlarm(this, name, {
        ...this.common(name, description),
        namespace: metric.namespace,
        metricName: metric.name,
        dimensions: metric.dimensions,
        statistic: metric.stat,
        period: this.period,
        evaluationPeriods: periods,
        threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
  }

  private metricQuery(id: string, metric: MetricRef): CloudwatchMetricAlarmMetricQuery {
    return { id, returnData: false, metric: { namespace: metric.namespace, metricName: metric.name, dimensions: metric.dimensions, stat: metric.stat, period: this.period } };
  }

  /** Fires when `expression` over the metrics m1, m2, … reaches `threshold` in one period. */
  private mathAlarm(name: string, description: string, expression: string, metrics: readonly MetricRef[], threshold: number): void {
    this.alarms.push(
      new CloudwatchMetricAlarm(this, name, {
        ...this.common(name, description),
        evaluationPeriods: 1,
        threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        metricQuery: [...metrics.map((metric, index) => this.metricQuery(`m${index + 1}`, metric)), { id: 'e1', expression, label: name, returnData: true }],
      }),
    );
  }

  /**
   * 401s above CloudWatch's anomaly-detection band (a model of the metric's recent weeks, daily and weekly
   * cycles included), in 2 of 3 periods: a credential-stuffing run or a broken client release, not the
   * usual trickle of expired tokens. AWS: "Using CloudWatch anomaly detection".
   */
  private unauthorizedSurge(metric: MetricRef, band: number): void {
    const name = 'unauthorized-surge';
    this.alarms.push(
      new CloudwatchMetricAlarm(this, name, {
        ...this.common(name, `401s rose above the expected band (${band} standard deviations) of their recent baseline`),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: 'GreaterThanUpperThreshold',
        thresholdMetricId: 'band',
        metricQuery: [
          { ...this.metricQuery('m1', metric), returnData: true },
          { id: 'band', expression: `ANOMALY_DETECTION_BAND(m1, ${band})`, label: '401s (expected)', returnData: true },
        ],
      }),
    );
  }

  private buildDashboard(lambda: (name: string) => MetricRef, dynamodb: (name: string, dimensions?: Record<string, string>) => MetricRef): CloudwatchDashboard {
    const { metrics, namePrefix } = this.props;
    const region = new DataAwsRegion(this, 'region').name;
    const line = (metric: MetricRef, label: string, stat = metric.stat): unknown[] => [
      metric.namespace,
      metric.name,
      ...Object.entries(metric.dimensions).flat(),
      { label, stat },
    ];
    const graph = (title: string, lines: unknown[][], x: number, y: number) => ({
      type: 'metric',
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region, view: 'timeSeries', stacked: false, period: this.period, metrics: lines },
    });
    const own = (name: string, dimensions: Record<string, string> = {}, stat = 'Sum'): MetricRef => ({ namespace: metrics.namespace, name, dimensions: { [METRIC_DIMENSIONS.service]: metrics.service, ...dimensions }, stat });
    const widgets: object[] = [
      { type: 'alarm', x: 0, y: 0, width: 24, height: 3, properties: { title: 'Alarms', alarms: this.alarms.map((alarm) => alarm.arn) } },
      graph('Authorizer Lambda', [line(lambda('Invocations'), 'invocations'), line(lambda('Errors'), 'errors'), line(lambda('Throttles'), 'throttles')], 0, 3),
      graph('Key table reads', [line(dynamodb('SystemErrors', { Operation: 'GetItem' }), 'system errors'), line(dynamodb('ReadThrottleEvents'), 'throttled reads')], 12, 3),
    ];
    if (metrics.enabled) {
      const decisions = DECISION_METRICS.decisions.name;
      const outcomes = (['allow', 'deny', 'unauthorized', 'error'] as const).map((outcome) => line(own(decisions, { [METRIC_DIMENSIONS.outcome]: outcome }), outcome));
      widgets.push(
        graph('Decisions by outcome', outcomes, 0, 9),
        graph('Decision latency (ms)', [line(own(DECISION_METRICS.decisionLatency.name), 'p50', 'p50'), line(own(DECISION_METRICS.decisionLatency.name), 'p99', 'p99')], 12, 9),
        graph('Key record cache', [line(own(DECISION_METRICS.recordCacheHits.name), 'hits'), line(own(DECISION_METRICS.recordCacheMisses.name), 'misses')], 0, 15),
        graph('Identity providers', [line(own(DECISION_METRICS.keySetFetches.name), 'key sets fetched'), line(own(DECISION_METRICS.identityProviderFetchFailures.name), 'fetch failures')], 12, 15),
      );
    }
    return new CloudwatchDashboard(this, 'dashboard', { dashboardName: namePrefix, dashboardBody: JSON.stringify({ widgets }) });
  }
}
