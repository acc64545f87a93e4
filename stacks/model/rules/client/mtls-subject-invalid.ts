/** client/mtls-subject-invalid (error): A bound subject that is not a distinguished name. */
import type { ClientDefinition } from '../../api-client';
import { defineRule } from '../rule';

export const mtlsSubjectInvalid = defineRule<ClientDefinition>({
  code: 'client/mtls-subject-invalid',
  severity: 'error',
  summary: 'A bound subject that is not a distinguished name',
  check: ({ mtls }) =>
    (mtls?.subjects ?? []).flatMap((fact) =>
      fact.canonical ? [] : [{ field: `mtls.subjects[${fact.index}]`, value: fact.text, message: 'is not a distinguished name', fix: 'write it as RFC 4514 TYPE=value pairs, e.g. "CN=orders-sync,O=Acme Logistics"' }],
    ),
});
