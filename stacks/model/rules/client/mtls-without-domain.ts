/** client/mtls-without-domain (warning): A client requiring a certificate on a platform without a mutual-TLS domain. */
import type { ClientOnPlatform } from '../context';
import { defineRule } from '../rule';

export const mtlsWithoutDomain = defineRule<ClientOnPlatform>({
  code: 'client/mtls-without-domain',
  severity: 'warning',
  summary: 'A client requiring a certificate on a platform without a mutual-TLS domain',
  check: ({ client, platform }) =>
    client.mtls && platform.onAws && !platform.truststore
      ? [{ field: 'mtls', value: 'required', message: 'requires a client certificate, but this platform serves no mutual-TLS domain, so every request of this client is refused (403)', fix: 'configure mutualTls on the platform, or remove the requirement' }]
      : [],
});
