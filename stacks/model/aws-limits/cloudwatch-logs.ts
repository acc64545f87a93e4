/** CloudWatch Logs' documented limit on log group names (CreateLogGroup, logGroupName). */
import type { NameRule } from './name-rule';

export const LOG_GROUP_NAME: NameRule = {
  subject: 'CloudWatch Logs log group names',
  minLength: 1,
  maxLength: 512,
  pattern: /^[.\-_/#A-Za-z0-9]+$/,
  characters: 'letters, digits and _-/.#',
  documentation: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
};
