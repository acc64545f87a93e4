/** client/owner-missing (error): A client without an owner. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const ownerMissing = defineRule<ClientDefinition>({
  code: 'client/owner-missing',
  severity: 'error',
  summary: 'A client without an owner',
  check: ({ settings }) =>
    typeof settings.owner === 'string' && settings.owner.trim().length >= 2 ? [] : [{ field: 'owner', value: settings.owner, message: 'is missing', fix: 'name the team or person responsible for this client' }],
});
