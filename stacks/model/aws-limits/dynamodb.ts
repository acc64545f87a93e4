/** DynamoDB's documented naming rule for tables. */
import type { NameRule } from './name-rule';

export const DYNAMODB_TABLE_NAME: NameRule = {
  subject: 'DynamoDB table names',
  minLength: 3,
  maxLength: 255,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  characters: 'letters, digits, underscores, hyphens and dots',
  documentation: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html',
};
