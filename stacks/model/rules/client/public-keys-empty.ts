/** client/public-keys-empty (error): An RSA client without public keys. */
import type { ClientDefinition } from '../../api-client';
import { RsaClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const publicKeysEmpty = defineRule<ClientDefinition>({
  code: 'client/public-keys-empty',
  severity: 'error',
  summary: 'An RSA client without public keys',
  check: ({ settings: { auth } }) => (auth instanceof RsaClientAuth && auth.keys.length === 0 ? [{ field: 'auth.publicKeys', value: [], message: 'is empty', fix: 'register at least one public key' }] : []),
});
