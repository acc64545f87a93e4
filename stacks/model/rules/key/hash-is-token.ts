/** key/hash-is-token (error): An API key token committed where its hash belongs. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';

export const hashIsToken = defineRule<KeyDefinition>({
  code: 'key/hash-is-token',
  severity: 'error',
  summary: 'An API key token committed where its hash belongs',
  check: (key) =>
    key.hash.kind === 'token'
      ? [{ field: 'tokenHash', value: key.settings.tokenHash, message: 'is an API key TOKEN, not its hash; tokens must never be committed', fix: 'treat this token as leaked: mint a new one with `gatehouse keys new` and commit only the sha256: hash it prints' }]
      : key.hash.kind === 'imported-or-bare-hex'
        ? [{ field: 'tokenHash', value: key.settings.tokenHash, message: 'is 64 hex digits without the sha256: prefix: either a hash missing its prefix, or an imported key token (which must never be committed)', fix: 'if it is a hash, write sha256:<hex>; if it is a token, run `gatehouse keys hash` on it, commit the hash, and treat the token as leaked' }]
        : [],
});
