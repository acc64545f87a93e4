/** client/description-missing (error): A client without a description. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const descriptionMissing = defineRule<ClientDefinition>({
  code: 'client/description-missing',
  severity: 'error',
  summary: 'A client without a description',
  check: ({ settings }) =>
    typeof settings.description === 'string' && settings.description.trim().length >= 3
      ? []
      : [{ field: 'description', value: settings.description, message: 'is missing', fix: 'say what the client is and why it calls, so reviewers and operators know' }],
});
