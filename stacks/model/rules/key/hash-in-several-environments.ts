/** key/hash-in-several-environments (error): One token hash declared for keys of two environments. */
import { defineRule } from '../rule';

export const hashInSeveralEnvironments = defineRule<{ readonly value: string; readonly other: { readonly environment: string; readonly key: string; readonly client: string } | undefined }>({
  code: 'key/hash-in-several-environments',
  severity: 'error',
  summary: 'One token hash declared for keys of two environments, so one token would work in both',
  check: ({ value, other }) =>
    other
      ? [{ field: 'tokenHash', value, message: `is also the hash of key "${other.key}" of client "${other.client}" in ${other.environment}: one token would open both environments`, fix: 'mint a separate token for each environment with `gatehouse keys new`' }]
      : [],
});
