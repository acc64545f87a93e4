/**
 * One JSON line per decision: outcome, status, reason code and enough context to find the client, key
 * and request, never the token, the API key or a secret (the key appears only as a prefix of its hash,
 * which is committed in the repository anyway). With metrics on, the same line is a CloudWatch Embedded
 * Metric Format document (record/decision-metrics.ts), so metrics cost no network call.
 *
 * The line is written on every request, so it is assembled from preformatted pieces rather than by
 * serialising an object: the parts fixed by the reason, by the key record and by the metrics
 * configuration are built once; per request only the values that change are JSON-encoded.
 */
import type { AuthorizationRequest, FullDecision } from './authorizer';
import { escapeLineSeparators, factsForLog, OUTCOME_STATUS, REASON_OUTCOMES, type Reason } from './decision';
import { parseMethodArn } from './method-arn';
import type { MetricsConfig } from '../record/authorizer-settings';
import { DECISION_METRICS, type DecisionMetric, isMetricDimensionValue, PER_CLIENT_DIMENSION_SETS } from '../record/decision-metrics';
import type { KeyRecord } from '../record/key-record';

const LEVEL = { allow: 'info', deny: 'warn', unauthorized: 'warn', error: 'error' } as const;
/** A refused token's `sub` is unverified: it is logged, but never at a length that floods the log. */
const MAX_SUBJECT = 128;

/** Events from the dependencies since the previous line, for the metrics. */
export interface DecisionCounters {
  readonly keySetFetches: number;
  readonly identityProviderFetchFailures: number;
}

const NO_COUNTERS: DecisionCounters = { keySetFetches: 0, identityProviderFetchFailures: 0 };

/** Characters a JSON string may hold unescaped, printable ASCII only: most values need no escaping at all. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/**
 * A string as a JSON value fit for one log line. Every string on a line passes through here (or through
 * factsForLog / escapeLineSeparators), so U+2028 and U+2029, which JSON.stringify leaves as they are and
 * some log readers take for line breaks, are escaped value by value rather than by scanning each line.
 */
function json(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : escapeLineSeparators(JSON.stringify(value));
}

/** `{"level":…,"outcome":…,"status":…,"reason":…` for every reason code, built once. */
const HEADS = Object.fromEntries(
  Object.entries(REASON_OUTCOMES).map(([reason, outcome]) => [
    reason,
    `{"level":"${LEVEL[outcome]}","event":"gatehouse.decision","outcome":"${outcome}","status":${OUTCOME_STATUS[outcome]},"reason":"${reason}"`,
  ]),
) as Record<Reason, string>;

interface RecordPart {
  /** `,"client":…,"key":…,"keyHash":…,"authMethod":…` */
  readonly fields: string;
  /** Whether the client's name may be a metric dimension value. */
  readonly clientDimension: boolean;
  /**
   * The last allow's line up to the request's own values, with the key source and subject it was built
   * for: a key's allows repeat them (one client, its own tokens), so the warm path appends only what
   * changes per request.
   */
  allow?: { readonly keySource: string | undefined; readonly subject: string | undefined; readonly head: string };
}

/** Metric members present on a line, which select the directive set describing them. */
const LOOKUP = 1;
const FETCHES = 2;
const FAILURES = 4;
const PER_CLIENT = 8;

export class DecisionLog {
  private readonly recordParts = new WeakMap<KeyRecord, RecordPart>();
  /** `,"CloudWatchMetrics":[…]}}` and the newline, per combination of members present; built on first use. */
  private readonly directives: string[] = [];
  private readonly serviceField: string;

  constructor(private readonly metrics: MetricsConfig | undefined) {
    this.serviceField = metrics?.enabled ? `,"service":${json(metrics.service)},"Decisions":1,"DecisionLatency":` : '';
  }

  /** The line for one decision, newline included, ready for a single write. */
  line(decision: FullDecision, request: AuthorizationRequest, durationMs: number, counters: DecisionCounters = NO_COUNTERS): string {
    const record = decision.record;
    const recordPart = record && this.recordPart(record);
    const { recordCache } = decision;
    const resource = (decision.arn ?? parseMethodArn(request.methodArn))?.resource;
    const duration = String(Math.round(durationMs * 100) / 100);
    let line = recordPart && decision.reason === 'ok' ? this.allowHead(decision, recordPart) : this.head(decision, recordPart);
    if (request.sourceIp !== undefined) line += ',"sourceIp":' + json(request.sourceIp);
    if (resource !== undefined) line += ',"resource":' + json(resource);
    if (request.requestId !== undefined) line += ',"requestId":' + json(request.requestId);
    if (recordCache !== undefined) line += recordCache === 'hit' ? ',"recordCache":"hit"' : ',"recordCache":"miss"';
    line += ',"durationMs":' + duration;
    if (!this.metrics?.enabled) return line + '}\n';
    let present = 0;
    line += this.serviceField + duration;
    if (recordCache !== undefined) {
      present |= LOOKUP;
      line += recordCache === 'hit' ? ',"RecordCacheHits":1,"RecordCacheMisses":0' : ',"RecordCacheHits":0,"RecordCacheMisses":1';
    }
    if (counters.keySetFetches > 0) {
      present |= FETCHES;
      line += ',"KeySetFetches":' + counters.keySetFetches;
    }
    if (counters.identityProviderFetchFailures > 0) {
      present |= FAILURES;
      line += ',"IdentityProviderFetchFailures":' + counters.identityProviderFetchFailures;
    }
    if (this.metrics.perClient && recordPart?.clientDimension) present |= PER_CLIENT;
    return line + ',"_aws":{"Timestamp":' + Date.now() + (this.directives[present] ?? this.buildDirectives(present));
  }

  /** The line's start: level, outcome, status, reason, detail, facts, who, and how the key was found. */
  private head(decision: FullDecision, recordPart: RecordPart | undefined): string {
    const { subject } = decision;
    let head = HEADS[decision.reason];
    if (decision.detail !== undefined) head += ',"detail":' + json(decision.detail);
    if (decision.facts !== undefined) head += ',"facts":' + factsForLog(decision.facts); // refusals only
    if (recordPart) head += recordPart.fields;
    if (decision.keySource !== undefined) head += ',"keySource":' + json(decision.keySource);
    if (subject !== undefined) head += ',"subject":' + json(subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT)}…` : subject);
    return head;
  }

  private allowHead(decision: FullDecision, recordPart: RecordPart): string {
    const last = recordPart.allow;
    if (last && last.keySource === decision.keySource && last.subject === decision.subject) return last.head;
    const head = this.head(decision, recordPart);
    recordPart.allow = { keySource: decision.keySource, subject: decision.subject, head };
    return head;
  }

  private recordPart(record: KeyRecord): RecordPart {
    let part = this.recordParts.get(record);
    if (!part) {
      part = {
        fields:
          `,"client":${json(record.client.name)},"key":${json(record.key.name)}` +
          // The ellipsis escaped (the same JSON value) keeps the line ASCII, which is cheaper to scan and write.
          `,"keyHash":${json(record.keyHash.slice(0, 16)).slice(0, -1)}\\u2026","authMethod":${json(record.client.auth.method)}`,
        clientDimension: isMetricDimensionValue(record.client.name),
      };
      this.recordParts.set(record, part);
    }
    return part;
  }

  /** The MetricDirective array for the members present: metrics sharing dimension sets share a directive. */
  private buildDirectives(present: number): string {
    const namespace = (this.metrics as MetricsConfig).namespace;
    const included = (metric: DecisionMetric): boolean =>
      metric.present === 'always' ||
      (metric.present === 'after a key lookup' && (present & LOOKUP) !== 0) ||
      (metric === DECISION_METRICS.keySetFetches && (present & FETCHES) !== 0) ||
      (metric === DECISION_METRICS.identityProviderFetchFailures && (present & FAILURES) !== 0);
    const groups = new Map<string, { dimensions: readonly (readonly string[])[]; metrics: DecisionMetric[] }>();
    const add = (dimensions: readonly (readonly string[])[], metric: DecisionMetric) => {
      const key = JSON.stringify(dimensions);
      const group = groups.get(key) ?? { dimensions, metrics: [] };
      group.metrics.push(metric);
      groups.set(key, group);
    };
    for (const metric of Object.values(DECISION_METRICS) as DecisionMetric[]) if (included(metric)) add(metric.dimensionSets, metric);
    if (present & PER_CLIENT) add(PER_CLIENT_DIMENSION_SETS, DECISION_METRICS.decisions);
    const directives = escapeLineSeparators(JSON.stringify(
      [...groups.values()].map((group) => ({
        Namespace: namespace,
        Dimensions: group.dimensions,
        Metrics: group.metrics.map((metric) => ({ Name: metric.name, Unit: metric.unit })),
      })),
    ));
    const ending = `,"CloudWatchMetrics":${directives}}}\n`;
    this.directives[present] = ending;
    return ending;
  }
}
