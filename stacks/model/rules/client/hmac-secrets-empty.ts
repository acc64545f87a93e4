/** client/hmac-secrets-empty (error): An HMAC client without secret references. */
import type { ClientDefinition } from '../../api-client';
import { HmacClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const hmacSecretsEmpty = defineRule<ClientDefinition>({
  code: 'client/hmac-secrets-empty',
  severity: 'error',
  summary: 'An HMAC client without secret references',
  check: ({ settings: { auth } }) =>
    auth instanceof HmacClientAuth && !(auth.props.secrets?.length > 0)
      ? [{ field: 'auth.secrets', value: [], message: 'is empty', fix: "reference the client's secret with HmacSecret.fromSecretsManager(arn)" }]
      : [],
});
