/** client/limits-on-http-api (warning): A client's rate limit or quota, which an HTTP API cannot enforce per client. */
import type { ClientOnHttpApi, Throttling } from '../../http-api';
import { defineRule } from '../rule';

const described = (throttling: Throttling | undefined) =>
  throttling?.rateLimit !== undefined || throttling?.burstLimit !== undefined
    ? `its stage's throttling (${throttling.rateLimit ?? 'account'} requests/s, burst ${throttling.burstLimit ?? 'account'}), shared by every client,`
    : 'only stage and route throttling, shared by every client (this stage sets none: the account\'s limits),';

export const limitsOnHttpApi = defineRule<ClientOnHttpApi>({
  code: 'client/limits-on-http-api',
  severity: 'warning',
  summary: "A client's rate limit or quota, which an HTTP API cannot enforce per client",
  check: ({ client, httpApi }) => {
    const settings = client.policy?.settings;
    if (!settings || (!settings.rateLimit && !settings.quota)) return [];
    const limits = [
      settings.rateLimit && `rate limit (${settings.rateLimit.requestsPerSecond} requests/s, burst ${settings.rateLimit.burst})`,
      settings.quota && `quota (${settings.quota.limit} per ${settings.quota.period})`,
    ].filter(Boolean);
    return [
      {
        field: 'policy',
        value: client.policy?.name,
        message:
          `client "${client.name}"'s ${limits.join(' and ')} from access policy "${client.policy?.name}" do not apply on HTTP API "${httpApi.name}": ` +
          `HTTP APIs have no usage plans, so there ${described(httpApi.stageThrottling)} applies, and no quota at all`,
        fix: `have the client call the REST API where its limits must hold; or set the HTTP API's stage or route throttling (aws_apigatewayv2_stage default_route_settings, route_settings) and suppress client/limits-on-http-api on "${client.name}" with the reason`,
      },
    ];
  },
});
