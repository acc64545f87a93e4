/** client/policy-missing (warning): A client without an access policy, so methods requiring an API key refuse it. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const policyMissing = defineRule<ClientDefinition>({
  code: 'client/policy-missing',
  severity: 'warning',
  summary: 'A client without an access policy, so methods requiring an API key refuse it',
  check: (client) =>
    client.policy || client.policyUnknown ? [] : [{ field: 'policy', value: undefined, message: 'is not set: the client gets no usage plan, so methods that require an API key refuse it', fix: 'assign an AccessPolicy' }],
});
