/** http-api/payload-format-invalid (error): A payload format version HTTP APIs do not send. */
import type { HttpApiFacts } from '../../http-api';
import { defineRule } from '../rule';

export const payloadFormatInvalid = defineRule<HttpApiFacts>({
  code: 'http-api/payload-format-invalid',
  severity: 'error',
  summary: 'A payload format version HTTP APIs do not send',
  check: ({ payloadFormatVersion }) =>
    payloadFormatVersion === '1.0' || payloadFormatVersion === '2.0'
      ? []
      : [{ field: 'payloadFormatVersion', value: payloadFormatVersion, message: 'is not a payload format HTTP APIs send (1.0 or 2.0)', fix: 'use "2.0", or "1.0" for the REST-compatible format' }],
});
