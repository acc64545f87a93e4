/** client/collection-unknown (error): A collection entry that is not a collection of the catalog (a misspelled name). */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const collectionUnknown = defineRule<ClientDefinition>({
  code: 'client/collection-unknown',
  severity: 'error',
  summary: 'A collection entry that is not a collection of the catalog (a misspelled name)',
  check: (client) =>
    client.declaredCollections.flatMap((collection, index) =>
      collection === undefined
        ? [{ field: `collections[${index}]`, value: undefined, message: 'is not an API collection of the catalog (a misspelled name gives undefined)', fix: `use one of the catalog's collections: ${client.knownCollections.join(', ') || 'none are declared'}` }]
        : [],
    ),
});
