/**
 * Usage plans as API Gateway applies them per API key: a token bucket (rate per second, burst) and a
 * quota per DAY, WEEK or MONTH (UTC). Exceeding either is a 429.
 */
import type { AccessPolicySettings } from '../../stacks/model/access-policy';

export type Admission = 'admitted' | 'throttled' | 'quota_exceeded';

interface Bucket {
  tokens: number;
  refilledAt: number;
  period: number;
  used: number;
}

const DAY_MS = 86_400_000;

/** The index of the quota period `ms` falls in; a new index means a fresh quota. */
function periodIndex(quota: NonNullable<AccessPolicySettings['quota']>, ms: number): number {
  const offsetMs = (quota.offset ?? 0) * DAY_MS;
  const date = new Date(ms - offsetMs);
  switch (quota.period) {
    case 'DAY':
      return Math.floor((ms - offsetMs) / DAY_MS);
    case 'WEEK':
      return Math.floor((ms - offsetMs - 4 * DAY_MS) / (7 * DAY_MS)); // weeks starting on Monday (1970-01-05)
    case 'MONTH':
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
  }
}

export class UsagePlans {
  private readonly buckets = new Map<string, Bucket>();

  /** @param plans the access policy of each usage identifier key (API Gateway API key value). */
  constructor(
    private readonly plans: ReadonlyMap<string, AccessPolicySettings>,
    private readonly now: () => number = Date.now,
  ) {}

  has(usageKey: string): boolean {
    return this.plans.has(usageKey);
  }

  admit(usageKey: string): Admission {
    const plan = this.plans.get(usageKey);
    if (!plan) return 'admitted';
    const now = this.now();
    let bucket = this.buckets.get(usageKey);
    if (!bucket) {
      bucket = { tokens: plan.rateLimit?.burst ?? 0, refilledAt: now, period: plan.quota ? periodIndex(plan.quota, now) : 0, used: 0 };
      this.buckets.set(usageKey, bucket);
    }
    if (plan.quota) {
      const period = periodIndex(plan.quota, now);
      if (period !== bucket.period) Object.assign(bucket, { period, used: 0 });
      if (bucket.used >= plan.quota.limit) return 'quota_exceeded';
    }
    if (plan.rateLimit) {
      const { requestsPerSecond, burst } = plan.rateLimit;
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * requestsPerSecond);
      bucket.refilledAt = now;
      if (bucket.tokens < 1) return 'throttled';
      bucket.tokens -= 1;
    }
    bucket.used += 1;
    return 'admitted';
  }
}
