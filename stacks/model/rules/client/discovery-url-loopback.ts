/** client/discovery-url-loopback (error): An OIDC discovery URL on this machine, which the authorizer on AWS cannot reach. */
import type { ClientOnPlatform } from '../context';
import { OidcClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const discoveryUrlLoopback = defineRule<ClientOnPlatform>({
  code: 'client/discovery-url-loopback',
  severity: 'error',
  summary: 'An OIDC discovery URL on this machine, which the authorizer on AWS cannot reach',
  check: ({ client, platform }) =>
    platform.onAws && client.settings.auth instanceof OidcClientAuth && client.settings.auth.isLoopbackHttp
      ? [{ field: 'auth.discoveryUrl', value: client.settings.auth.props.discoveryUrl, message: 'is plain http to this machine, which the authorizer on AWS cannot reach', fix: "use the provider's https discovery URL for the AWS platform" }]
      : [],
});
