/** key/hash-invalid (error): A tokenHash that is not sha256: and 64 hex digits. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';

export const hashInvalid = defineRule<KeyDefinition>({
  code: 'key/hash-invalid',
  severity: 'error',
  summary: 'A tokenHash that is not sha256: and 64 hex digits',
  check: (key) =>
    key.hash.kind === 'invalid' ? [{ field: 'tokenHash', value: key.settings.tokenHash, message: 'is not a key hash', fix: 'commit the sha256:<64 hex digits> hash that `gatehouse keys new` prints' }] : [],
});
