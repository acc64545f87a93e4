/** client/hmac-json-field-invalid (error): A JSON field name of a secret that is not one. */
import type { ClientDefinition } from '../../api-client';
import { HmacClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const hmacJsonFieldInvalid = defineRule<ClientDefinition>({
  code: 'client/hmac-json-field-invalid',
  severity: 'error',
  summary: 'A JSON field name of a secret that is not one',
  check: ({ settings: { auth } }) =>
    auth instanceof HmacClientAuth
      ? (auth.props.secrets ?? []).flatMap((secret, index) =>
          secret?.jsonField === undefined || /^[A-Za-z0-9_.-]{1,128}$/.test(secret.jsonField)
            ? []
            : [{ field: `auth.secrets[${index}].jsonField`, value: secret.jsonField, message: 'is not a JSON field name', fix: 'name the key of the key/value secret that holds the HMAC secret' }],
        )
      : [],
});
