/**
 * An HTTP API (API Gateway v2) behind a GatehousePlatform's authorizer: the same Lambda, key table and
 * clients as the platform's REST API. It creates a Lambda REQUEST authorizer on the API (payload 2.0 with
 * simple responses by default, or 1.0; identity sources: the Authorization header, the source address
 * and the route key; result TTL), the permission for the API to invoke the platform's function, and the
 * routes given, each behind the authorizer. AWS, "Working with AWS Lambda authorizers for HTTP APIs".
 *
 * `$context.routeKey` among the identity sources makes the cache per route (AWS: "By default, API
 * Gateway uses the cached authorizer response for all routes of an API that use the authorizer. To cache
 * responses per route, add $context.routeKey to your authorizer's identity sources"), which is what the
 * authorizer's per-route decision relies on (record/http-api-routes.ts).
 *
 * What an HTTP API cannot do for a client is said at synth, on the client: no usage plans, so no
 * per-client rate limit or quota (client/limits-on-http-api), and a route granted only in part is
 * refused whole (client/route-partly-granted-on-http-api). An HTTP API stage with automatic deployment
 * (as the demo's) takes route and authorizer changes without a deployment resource.
 */
import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import type { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import type { DataAwsApigatewayv2Api } from '@cdktf/provider-aws/lib/data-aws-apigatewayv2-api';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { httpApiEnvironment } from '../../record/authorizer-settings';
import { type HttpApiFacts, httpApiRouteFacts } from '../model/http-api';
import type { Suppression } from '../model/problems';
import { CLIENT_HTTP_API_RULES, HTTP_API_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import { reportProblems, uniqueChildId } from './catalog-host';
import type { GatehousePlatform } from './gatehouse-platform';

/** The identity sources: the token, the address (IP rules depend on it) and the route (the answer is per route). */
export const HTTP_API_IDENTITY_SOURCES = ['$request.header.Authorization', '$context.identity.sourceIp', '$context.routeKey'] as const;

const SIMPLE_RESPONSES_VARIABLE = 'GATEHOUSE_HTTP_API_SIMPLE_RESPONSES';

export interface GatehouseHttpApiProps {
  /** The platform whose authorizer function, key table and clients this HTTP API uses. */
  readonly platform: GatehousePlatform;
  /** The HTTP API: one this stack creates, or an existing one read with a data source. */
  readonly api: Apigatewayv2Api | DataAwsApigatewayv2Api;
  /** Route keys to create behind the authorizer: `GET /orders/{id}`, `ANY /{proxy+}`, `$default`. */
  readonly routes: readonly string[];
  /** What the routes invoke, as aws_apigatewayv2_route's target: `integrations/<integration id>`. */
  readonly target: string;
  /** @default '2.0' */
  readonly payloadFormatVersion?: '1.0' | '2.0';
  /** Answer `{ isAuthorized }` rather than an IAM policy; payload 2.0 only. @default true on 2.0 */
  readonly simpleResponses?: boolean;
  /** How long the HTTP API caches an answer per token, address and route, 0 to 3600. @default 300 */
  readonly resultCacheTtlSeconds?: number;
  /** The API's stage, when this stack manages it: its throttling is what applies instead of usage plans. */
  readonly stage?: Apigatewayv2Stage;
  /** The authorizer's name on the API. @default `gatehouse` */
  readonly authorizerName?: string;
  /** Warnings accepted on this HTTP API, each with its rule's code and the reason. @default none */
  readonly suppressions?: readonly Suppression[];
}

export class GatehouseHttpApi extends Construct {
  readonly authorizer: Apigatewayv2Authorizer;
  readonly routes: readonly Apigatewayv2Route[];
  readonly facts: HttpApiFacts;

  constructor(scope: Construct, id: string, props: GatehouseHttpApiProps) {
    super(scope, id);
    const { platform, api } = props;
    const payloadFormatVersion = props.payloadFormatVersion ?? '2.0';
    const simpleResponses = props.simpleResponses ?? payloadFormatVersion === '2.0';
    const resultCacheTtlSeconds = props.resultCacheTtlSeconds ?? 300;
    const variables = platform.function.environmentInput?.variables ?? {};
    const defaults = props.stage?.defaultRouteSettingsInput;
    this.facts = {
      name: ('nameInput' in api ? api.nameInput : undefined) ?? this.node.path,
      payloadFormatVersion,
      simpleResponses,
      resultCacheTtlSeconds,
      routes: httpApiRouteFacts(props.routes),
      stageThrottling: defaults && { rateLimit: defaults.throttlingRateLimit, burstLimit: defaults.throttlingBurstLimit },
      authorizerSimpleResponses: variables[SIMPLE_RESPONSES_VARIABLE],
    };
    reportProblems(this, runRules(HTTP_API_RULES, this.facts, undefined), props.suppressions);

    // The platform's one authorizer learns which format this API reads (record/authorizer-settings.ts).
    if (payloadFormatVersion === '2.0') platform.function.putEnvironment({ variables: { ...variables, ...httpApiEnvironment({ simpleResponses }) } });

    this.authorizer = new Apigatewayv2Authorizer(this, 'authorizer', {
      apiId: api.id,
      name: props.authorizerName ?? 'gatehouse',
      authorizerType: 'REQUEST',
      authorizerUri: platform.function.invokeArn,
      authorizerPayloadFormatVersion: payloadFormatVersion,
      enableSimpleResponses: payloadFormatVersion === '2.0' ? simpleResponses : undefined,
      identitySources: [...HTTP_API_IDENTITY_SOURCES],
      authorizerResultTtlInSeconds: resultCacheTtlSeconds,
    });
    new LambdaPermission(this, 'invoke-permission', {
      action: 'lambda:InvokeFunction',
      functionName: platform.function.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${api.executionArn}/authorizers/${this.authorizer.id}`,
    });
    this.routes = this.facts.routes.flatMap((route) =>
      route.parsed.ok
        ? [
            new Apigatewayv2Route(this, uniqueChildId(this, `route-${route.parsed.value.key.replace(/[^A-Za-z0-9]+/g, '-')}`), {
              apiId: api.id,
              routeKey: route.parsed.value.key,
              target: props.target,
              authorizationType: 'CUSTOM',
              authorizerId: this.authorizer.id,
            }),
          ]
        : [],
    );

    platform.watchClients((clientScope, client) =>
      reportProblems(clientScope, runRules(CLIENT_HTTP_API_RULES, { client, httpApi: this.facts }, undefined), client.settings.suppressions),
    );
  }
}
