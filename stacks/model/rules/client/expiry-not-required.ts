/** client/expiry-not-required (warning): A client that accepts tokens without exp, valid forever once leaked. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const expiryNotRequired = defineRule<ClientDefinition>({
  code: 'client/expiry-not-required',
  severity: 'warning',
  summary: 'A client that accepts tokens without exp, valid forever once leaked',
  check: ({ settings }) =>
    settings.tokens?.requireExpiry === false
      ? [{ field: 'tokens.requireExpiry', value: false, message: 'accepts tokens without "exp", which stay valid forever once leaked', fix: 'have the client set exp and remove this setting' }]
      : [],
});
