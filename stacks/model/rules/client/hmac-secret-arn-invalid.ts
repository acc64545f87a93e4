/** client/hmac-secret-arn-invalid (error): A secret reference that is not a Secrets Manager secret ARN. */
import type { ClientDefinition } from '../../api-client';
import { HmacClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const hmacSecretArnInvalid = defineRule<ClientDefinition>({
  code: 'client/hmac-secret-arn-invalid',
  severity: 'error',
  summary: 'A secret reference that is not a Secrets Manager secret ARN',
  check: ({ settings: { auth } }) =>
    auth instanceof HmacClientAuth
      ? (auth.props.secrets ?? []).flatMap((secret, index) =>
          /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(secret?.secretArn)
            ? []
            : [{ field: `auth.secrets[${index}]`, value: secret?.secretArn, message: 'is not a Secrets Manager secret ARN', fix: 'use the full ARN, arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>, so the authorizer may read exactly this secret' }],
        )
      : [],
});
