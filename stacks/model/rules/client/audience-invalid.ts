/** client/audience-invalid (error): An audience with spaces, empty, or over 256 characters. */
import type { ClientDefinition } from '../../api-client';
import { OidcClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const audienceInvalid = defineRule<ClientDefinition>({
  code: 'client/audience-invalid',
  severity: 'error',
  summary: 'An audience with spaces, empty, or over 256 characters',
  check: ({ settings: { auth } }) =>
    auth instanceof OidcClientAuth
      ? auth.audiences.flatMap((value, index) =>
          typeof value === 'string' && value.trim() === value && value.length > 0 && value.length <= 256
            ? []
            : [{ field: `auth.audience[${index}]`, value, message: 'is not a valid audience', fix: 'use the exact "aud" string your provider issues, without spaces' }],
        )
      : [],
});
