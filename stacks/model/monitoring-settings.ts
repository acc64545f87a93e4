/**
 * The platform's alarms and dashboard (stacks/constructs/platform-monitoring.ts): on by default, tunable,
 * or turned off. The defaults and the reasoning behind each threshold live here, beside the settings.
 */

export interface MonitoringThresholds {
  /**
   * Decisions that answered 500 (outcome `error`) per period before the alarm fires. A few in a burst
   * are a client's bad luck; more is an outage. Default 5.
   */
  readonly authorizerErrors?: number;
  /**
   * Width of the anomaly-detection band, in standard deviations, that 401s must rise above to count as
   * a surge against the last two weeks' baseline. Wider: fewer alarms. Default 3.
   */
  readonly unauthorizedSurgeBand?: number;
  /**
   * Consecutive periods with a failed discovery or key-set fetch before the alarm fires. Documents keep
   * serving for GATEHOUSE_OIDC_MAX_STALE_SECONDS (default an hour) while a provider is down, so 3 periods
   * (15 minutes) leaves time to act before tokens are refused. Default 3.
   */
  readonly identityProviderFailurePeriods?: number;
}

export interface MonitoringSettings {
  /** Alarms, their topic and the dashboard. Default true. */
  readonly enabled?: boolean;
  /**
   * An SNS topic (ARN) that alarms notify, when you already page from one.
   * @default a topic named `<namePrefix>-alarms`, which you subscribe to
   */
  readonly alarmTopicArn?: string;
  /** A CloudWatch dashboard `<namePrefix>`. Default true. */
  readonly dashboard?: boolean;
  /** Length of an alarm's period, in seconds: 60, or a multiple of 60. Default 300. */
  readonly periodSeconds?: number;
  readonly thresholds?: MonitoringThresholds;
}

export const MONITORING_DEFAULTS = {
  periodSeconds: 300,
  authorizerErrors: 5,
  unauthorizedSurgeBand: 3,
  identityProviderFailurePeriods: 3,
} as const;
