/** IAM's documented limit on role names (CreateRole, RoleName). */
import type { NameRule } from './name-rule';

export const IAM_ROLE_NAME: NameRule = {
  subject: 'IAM role names',
  minLength: 1,
  maxLength: 64,
  pattern: /^[\w+=,.@-]+$/,
  characters: 'letters, digits and _+=,.@-',
  documentation: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
};
