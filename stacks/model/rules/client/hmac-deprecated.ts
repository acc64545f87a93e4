/** client/hmac-deprecated (warning): An HMAC client: the shared secret lives with both parties. */
import type { ClientDefinition } from '../../api-client';
import { HmacClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const hmacDeprecated = defineRule<ClientDefinition>({
  code: 'client/hmac-deprecated',
  severity: 'warning',
  summary: 'An HMAC client: the shared secret lives with both parties',
  check: ({ settings: { auth } }) =>
    auth instanceof HmacClientAuth
      ? [{ field: 'auth', value: 'hmac', message: 'HMAC is deprecated: the shared secret lives with both parties, and anyone holding it can mint tokens', fix: 'move the client to ClientAuth.rsa (the client keeps its private key; you register only the public one)' }]
      : [],
});
