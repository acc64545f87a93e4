/** Access policies: rate limit and quota, deployed as one API Gateway usage plan per policy. */
import { checkName, error, type Problem, warning } from './problems';

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface AccessPolicySettings {
  readonly description?: string;
  /** Steady requests per second and the burst above it, per client. Default: the stage's limits. */
  readonly rateLimit?: { readonly requestsPerSecond: number; readonly burst: number };
  /** Requests per period, per client. Default: none. */
  readonly quota?: { readonly limit: number; readonly period: QuotaPeriod; readonly offset?: number };
}

const MAX_OFFSET: Record<QuotaPeriod, number> = { DAY: 0, WEEK: 6, MONTH: 27 };

export class PolicyDefinition {
  readonly problems: Problem[];

  constructor(
    readonly name: string,
    readonly settings: AccessPolicySettings,
  ) {
    this.problems = [...checkName('access policy', name), ...checkPolicy(settings)];
  }
}

function checkPolicy({ rateLimit, quota }: AccessPolicySettings): Problem[] {
  const problems: Problem[] = [];
  if (!rateLimit && !quota) {
    problems.push(warning('rateLimit', undefined, 'neither rateLimit nor quota is set, so this policy limits nothing', 'set rateLimit and/or quota'));
  }
  if (rateLimit) {
    const { requestsPerSecond: rate, burst } = rateLimit;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > 10_000) {
      problems.push(error('rateLimit.requestsPerSecond', rate, 'is not a rate from above 0 to 10000 requests per second', 'set a positive rate, e.g. 50'));
    }
    if (!Number.isInteger(burst) || burst < 1 || burst > 5_000) {
      problems.push(error('rateLimit.burst', burst, 'is not a whole number from 1 to 5000', 'set a burst at least as large as the rate, e.g. 100'));
    } else if (typeof rate === 'number' && burst < rate) {
      problems.push(warning('rateLimit.burst', burst, `is below the rate (${rate}/s), which caps the rate at the burst`, 'set burst to at least requestsPerSecond'));
    }
  }
  if (quota) {
    if (!Number.isInteger(quota.limit) || quota.limit < 1) {
      problems.push(error('quota.limit', quota.limit, 'is not a whole number of requests of at least 1', 'set the requests allowed per period, e.g. 100000'));
    }
    if (!(quota.period in MAX_OFFSET)) {
      problems.push(error('quota.period', quota.period, 'is not DAY, WEEK or MONTH', 'use one of DAY, WEEK, MONTH'));
    } else if (quota.offset !== undefined && (!Number.isInteger(quota.offset) || quota.offset < 0 || quota.offset > MAX_OFFSET[quota.period])) {
      problems.push(error('quota.offset', quota.offset, `is not a day offset from 0 to ${MAX_OFFSET[quota.period]} for a ${quota.period} quota`, 'leave offset out to start each period at its first day'));
    }
  }
  return problems;
}
