/**
 * API Gateway's documented limits on API keys: "The name cannot exceed 1024 characters. The value is an
 * alphanumeric string between 20 and 128 characters." AWS documents no length limit for usage plan or
 * authorizer names, so none is checked for them.
 */
import type { NameRule } from './name-rule';

const USAGE_PLANS_AND_API_KEYS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html';

export const API_KEY_NAME: NameRule = {
  subject: 'API Gateway API key names',
  minLength: 1,
  maxLength: 1024,
  pattern: /^[\s\S]+$/,
  characters: 'any characters',
  documentation: USAGE_PLANS_AND_API_KEYS,
};

export const API_KEY_VALUE: NameRule = {
  subject: 'API Gateway API key values',
  minLength: 20,
  maxLength: 128,
  pattern: /^[A-Za-z0-9]+$/,
  characters: 'letters and digits',
  documentation: USAGE_PLANS_AND_API_KEYS,
};
