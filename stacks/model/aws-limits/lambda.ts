/** AWS Lambda's documented limit on function names (CreateFunction, FunctionName). */
import type { NameRule } from './name-rule';

export const LAMBDA_FUNCTION_NAME: NameRule = {
  subject: 'Lambda function names',
  minLength: 1,
  // "If you specify only the function name, it is limited to 64 characters in length."
  maxLength: 64,
  pattern: /^[a-zA-Z0-9_-]+$/,
  characters: 'letters, digits, hyphens and underscores',
  documentation: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
};
