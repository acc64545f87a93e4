/** client/policy-unknown (error): A policy entry that is not an access policy of the catalog (a misspelled name). */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const policyUnknown = defineRule<ClientDefinition>({
  code: 'client/policy-unknown',
  severity: 'error',
  summary: 'A policy entry that is not an access policy of the catalog (a misspelled name)',
  check: (client) =>
    client.policyUnknown
      ? [{ field: 'policy', value: undefined, message: 'is not an access policy of the catalog (a misspelled name gives undefined)', fix: `use one of the catalog's access policies: ${client.knownPolicies.join(', ') || 'none are declared'}` }]
      : [],
});
