/** platform/log-retention-invalid (error): A log retention CloudWatch Logs does not offer. */
import type { PlatformFacts } from '../../platform-settings';
import { RETENTION_DAYS } from '../../platform-settings';
import { defineRule } from '../rule';

export const logRetentionInvalid = defineRule<PlatformFacts>({
  code: 'platform/log-retention-invalid',
  severity: 'error',
  summary: 'A log retention CloudWatch Logs does not offer',
  check: (platform) =>
    RETENTION_DAYS.includes(platform.logRetentionDays)
      ? []
      : [{ field: 'logRetentionDays', value: platform.logRetentionDays, message: 'is not a retention CloudWatch Logs offers', fix: `use one of ${RETENTION_DAYS.join(', ')}` }],
});
