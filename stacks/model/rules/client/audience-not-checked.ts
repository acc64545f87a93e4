/** client/audience-not-checked (warning): An OIDC client that opts out of the audience check with null. */
import type { ClientDefinition } from '../../api-client';
import { OidcClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const audienceNotChecked = defineRule<ClientDefinition>({
  code: 'client/audience-not-checked',
  severity: 'warning',
  summary: 'An OIDC client that opts out of the audience check with null',
  check: ({ settings: { auth } }) =>
    auth instanceof OidcClientAuth && auth.props.audience === null
      ? [{ field: 'auth.audience', value: null, message: 'is null, so tokens the provider issues for any other API are accepted too', fix: 'set the audience your provider puts in "aud" for this API (e.g. api://orders)' }]
      : [],
});
