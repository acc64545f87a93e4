/** client/discovery-url-invalid (error): An OIDC discovery URL that is not https or not a discovery document. */
import type { ClientDefinition } from '../../api-client';
import { DISCOVERY_SUFFIX, isAcceptableProviderUrl } from '../../../../record/identity-providers';
import { OidcClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const discoveryUrlInvalid = defineRule<ClientDefinition>({
  code: 'client/discovery-url-invalid',
  severity: 'error',
  summary: 'An OIDC discovery URL that is not https or not a discovery document',
  check: ({ settings: { auth } }) => {
    if (!(auth instanceof OidcClientAuth)) return [];
    const url = auth.props.discoveryUrl;
    if (typeof url !== 'string' || !isAcceptableProviderUrl(url)) {
      return [{ field: 'auth.discoveryUrl', value: url, message: 'is not an https URL', fix: "use the provider's https discovery URL (plain http is accepted for 127.0.0.1 and localhost only, for local runs)" }];
    }
    if (!url.endsWith(DISCOVERY_SUFFIX)) {
      return [{ field: 'auth.discoveryUrl', value: url, message: `does not end with ${DISCOVERY_SUFFIX}`, fix: `use <issuer>${DISCOVERY_SUFFIX}, e.g. https://acme.okta.com/oauth2/default${DISCOVERY_SUFFIX}` }];
    }
    return [];
  },
});
