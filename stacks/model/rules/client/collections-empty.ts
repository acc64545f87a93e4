/** client/collections-empty (warning): A client granted no collections, so every request gets 403. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const collectionsEmpty = defineRule<ClientDefinition>({
  code: 'client/collections-empty',
  severity: 'warning',
  summary: 'A client granted no collections, so every request gets 403',
  check: (client) =>
    client.declaredCollections.length > 0 ? [] : [{ field: 'collections', value: [], message: 'is empty, so this client may call nothing (every request gets 403)', fix: 'grant the client one or more API collections' }],
});
