/** client/public-key-invalid (error): A public key that does not parse, is private, is not RSA or is under 2048 bits. */
import type { ClientDefinition } from '../../api-client';
import { RsaClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const publicKeyInvalid = defineRule<ClientDefinition>({
  code: 'client/public-key-invalid',
  severity: 'error',
  summary: 'A public key that does not parse, is private, is not RSA or is under 2048 bits',
  check: ({ settings: { auth } }) =>
    auth instanceof RsaClientAuth ? auth.keys.flatMap((key) => (key.result.ok ? [] : [{ field: `auth.publicKeys[${key.index}]`, value: key.text, message: key.result.problem, fix: key.result.fix }])) : [],
});
