/** client/audience-missing (error): An OIDC client without an audience, which would accept tokens issued to anyone. */
import type { ClientDefinition } from '../../api-client';
import { OidcClientAuth } from '../../client-auth';
import { defineRule } from '../rule';

export const audienceMissing = defineRule<ClientDefinition>({
  code: 'client/audience-missing',
  severity: 'error',
  summary: 'An OIDC client without an audience, which would accept tokens issued to anyone',
  check: ({ settings: { auth } }) => {
    if (!(auth instanceof OidcClientAuth)) return [];
    const audience = auth.props.audience;
    if (audience === null || (audience !== undefined && auth.audiences.length > 0)) return [];
    return [{ field: 'auth.audience', value: audience, message: 'is required: without it, tokens the provider issues to anyone, for any other API, would be accepted', fix: 'set the audience your provider puts in "aud" for this API (e.g. api://orders); audience: null opts out explicitly' }];
  },
});
