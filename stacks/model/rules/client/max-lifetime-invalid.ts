/** client/max-lifetime-invalid (error): A maximum token lifetime that is not 1 second to one year. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const maxLifetimeInvalid = defineRule<ClientDefinition>({
  code: 'client/max-lifetime-invalid',
  severity: 'error',
  summary: 'A maximum token lifetime that is not 1 second to one year',
  check: (client) => {
    const max = client.maxLifetimeSeconds;
    if (max === undefined || max === null || (Number.isInteger(max) && max >= 1 && max <= 366 * 86_400)) return [];
    return [{ field: 'tokens.maxLifetimeSeconds', value: max, message: 'is not a whole number of seconds from 1 to one year', fix: 'use e.g. 3600 for one hour, or null for no cap' }];
  },
});
