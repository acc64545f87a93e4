/** platform/mtls-domain-invalid (error): A mutual-TLS domain that is not a lowercase DNS name. */
import type { PlatformFacts } from '../../platform-settings';
import { defineRule } from '../rule';

export const mtlsDomainInvalid = defineRule<PlatformFacts>({
  code: 'platform/mtls-domain-invalid',
  severity: 'error',
  summary: 'A mutual-TLS domain that is not a lowercase DNS name',
  check: ({ mutualTls }) =>
    !mutualTls || /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(mutualTls.domainName)
      ? []
      : [{ field: 'mutualTls.domainName', value: mutualTls.domainName, message: 'is not a lowercase DNS name', fix: 'use the custom domain clients will call, e.g. api.example.com' }],
});
