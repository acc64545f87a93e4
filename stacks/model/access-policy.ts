/** Access policies: rate limit and quota, deployed as one API Gateway usage plan per policy. */
import type { Suppression } from './problems';

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface AccessPolicySettings {
  readonly description?: string;
  /**
   * Steady requests per second and the burst above it, per client.
   * @default the stage's limits
   */
  readonly rateLimit?: { readonly requestsPerSecond: number; readonly burst: number };
  /**
   * Requests per period, per client; `offset` shifts the period's first day (0 to 6 for WEEK, 0 to 27
   * for MONTH).
   * @default no quota
   */
  readonly quota?: { readonly limit: number; readonly period: QuotaPeriod; readonly offset?: number };
  /**
   * Warnings accepted here, each with its rule's code and the reason (docs/checks.md).
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
}

export class PolicyDefinition {
  constructor(
    readonly name: string,
    readonly settings: AccessPolicySettings,
  ) {}
}
