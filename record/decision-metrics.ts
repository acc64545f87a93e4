/**
 * The CloudWatch metrics carried by the authorizer's decision lines, in CloudWatch's Embedded Metric
 * Format (EMF): CloudWatch Logs extracts them from the log line itself, so the request path makes no
 * extra network call. Spec:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * The authorizer writes exactly these names, units and dimension sets, and the platform stack builds
 * its alarms and dashboard on the same constants, so the two cannot drift apart.
 *
 * Cardinality is bounded: `service` has one value per deployment, `outcome` four, `reason` one per
 * reason code, and `client` (opt-in) one per declared client, taken from the key record, never from
 * the token.
 */

export const DEFAULT_METRICS_NAMESPACE = 'Gatehouse';
export const DEFAULT_METRICS_SERVICE = 'gatehouse';

/** Dimension names; each is also a member of the decision line holding its value. */
export const METRIC_DIMENSIONS = {
  /** Which deployment wrote the line (GATEHOUSE_METRICS_SERVICE). */
  service: 'service',
  /** allow, deny, unauthorized or error. */
  outcome: 'outcome',
  /** The reason code (lambda/decision.ts). */
  reason: 'reason',
  /** The client's name; only with per-client metrics on, and only once the key record is known. */
  client: 'client',
} as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[keyof typeof METRIC_DIMENSIONS];

export interface DecisionMetric {
  readonly name: string;
  readonly unit: 'Count' | 'Milliseconds';
  /** The dimension sets the metric is published under (each set is one CloudWatch metric). */
  readonly dimensionSets: readonly (readonly MetricDimension[])[];
  /** When the line carries it. */
  readonly present: 'always' | 'after a key lookup' | 'when nonzero';
  readonly description: string;
}

const SERVICE = [METRIC_DIMENSIONS.service] as const;

export const DECISION_METRICS = {
  decisions: {
    name: 'Decisions',
    unit: 'Count',
    dimensionSets: [SERVICE, [METRIC_DIMENSIONS.service, METRIC_DIMENSIONS.outcome], [METRIC_DIMENSIONS.service, METRIC_DIMENSIONS.reason]],
    present: 'always',
    description: 'One per decision: by outcome (the status the caller saw) and by reason code.',
  },
  decisionLatency: {
    name: 'DecisionLatency',
    unit: 'Milliseconds',
    dimensionSets: [SERVICE],
    present: 'always',
    description: 'Time from the event to the decision, inside the handler.',
  },
  recordCacheHits: {
    name: 'RecordCacheHits',
    unit: 'Count',
    dimensionSets: [SERVICE],
    present: 'after a key lookup',
    description: '1 when the key record came from the in-memory cache, else 0.',
  },
  recordCacheMisses: {
    name: 'RecordCacheMisses',
    unit: 'Count',
    dimensionSets: [SERVICE],
    present: 'after a key lookup',
    description: '1 when the key record was read from the table, else 0.',
  },
  keySetFetches: {
    name: 'KeySetFetches',
    unit: 'Count',
    dimensionSets: [SERVICE],
    present: 'when nonzero',
    description: "Identity providers' key sets (JWKS) fetched since the previous decision line.",
  },
  identityProviderFetchFailures: {
    name: 'IdentityProviderFetchFailures',
    unit: 'Count',
    dimensionSets: [SERVICE],
    present: 'when nonzero',
    description: 'Discovery documents and key sets that failed to fetch since the previous decision line.',
  },
} as const satisfies Record<string, DecisionMetric>;

/** With per-client metrics on: decisions by client, and by client and outcome. */
export const PER_CLIENT_DIMENSION_SETS: readonly (readonly MetricDimension[])[] = [
  [METRIC_DIMENSIONS.service, METRIC_DIMENSIONS.client],
  [METRIC_DIMENSIONS.service, METRIC_DIMENSIONS.client, METRIC_DIMENSIONS.outcome],
];

/**
 * CloudWatch's rule for namespaces: printable ASCII, 1 to 255 characters, not only spaces, and not
 * `AWS/`, which AWS reserves for its services (PutMetricData, Namespace).
 */
export function metricsNamespaceProblem(namespace: string): string | undefined {
  if (!/^[\x20-\x7e]{1,255}$/.test(namespace) || namespace.trim() === '') return 'must be 1 to 255 printable ASCII characters, not only spaces';
  if (namespace.startsWith('AWS/')) return 'must not start with AWS/ (reserved for AWS services)';
  return undefined;
}

/** CloudWatch's rule for dimension values: printable ASCII, 1 to 1024 characters, not only spaces (Dimension, Value). */
export function isMetricDimensionValue(value: string): boolean {
  return /^[\x20-\x7e]{1,1024}$/.test(value) && value.trim() !== '';
}
