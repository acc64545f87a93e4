/** key/not-after-invalid (error): A notAfter that is not a UTC date or date-time. */
import type { KeyDefinition } from '../../api-key';
import { defineRule } from '../rule';

export const notAfterInvalid = defineRule<KeyDefinition>({
  code: 'key/not-after-invalid',
  severity: 'error',
  summary: 'A notAfter that is not a UTC date or date-time',
  check: (key) =>
    key.settings.notAfter !== undefined && !key.notAfterInstant
      ? [{ field: 'notAfter', value: key.settings.notAfter, message: 'is not a UTC date or date-time', fix: 'write 2027-03-31 or 2027-03-31T12:00:00Z' }]
      : [],
});
