/** client/public-key-duplicate (warning): The same public key registered twice. */
import type { ClientDefinition } from '../../api-client';
import { RsaClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const publicKeyDuplicate = defineRule<ClientDefinition>({
  code: 'client/public-key-duplicate',
  severity: 'warning',
  summary: 'The same public key registered twice',
  check: ({ settings: { auth } }) => {
    if (!(auth instanceof RsaClientAuth)) return [];
    const seen = new Set<string>();
    return auth.keys.flatMap((key) => {
      if (!key.result.ok) return [];
      const repeated = seen.has(key.result.key.record.thumbprint);
      seen.add(key.result.key.record.thumbprint);
      return repeated ? [{ field: `auth.publicKeys[${key.index}]`, value: key.text, message: 'is the same key as an earlier entry', fix: 'remove the duplicate' }] : [];
    });
  },
});
