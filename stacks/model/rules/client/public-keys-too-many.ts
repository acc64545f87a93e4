/** client/public-keys-too-many (error): An RSA client with more than 10 public keys. */
import type { ClientDefinition } from '../../api-client';
import { RsaClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const publicKeysTooMany = defineRule<ClientDefinition>({
  code: 'client/public-keys-too-many',
  severity: 'error',
  summary: 'An RSA client with more than 10 public keys',
  check: ({ settings: { auth } }) =>
    auth instanceof RsaClientAuth && auth.keys.length > 10 ? [{ field: 'auth.publicKeys', value: auth.keys.length, message: 'holds more than 10 keys', fix: 'keep the current and the next key only' }] : [],
});
