/**
 * The example app's REST API: a few mock routes behind the Gatehouse authorizer that answer with what
 * the authorizer told API Gateway (client, key, subject). Replace it with your own API: pass your
 * ApiGatewayRestApi (or a DataAwsApiGatewayRestApi) to GatehousePlatform instead.
 */
import { createHash } from 'node:crypto';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { Construct } from 'constructs';
import type { GatehousePlatform } from '../constructs/gatehouse-platform';

/** The demo's routes; the example API catalog grants subsets of them. */
export const DEMO_ROUTES = [
  ['GET', '/health'],
  ['GET', '/orders'],
  ['POST', '/orders'],
  ['GET', '/orders/{id}'],
  ['DELETE', '/orders/{id}'],
  ['GET', '/invoices'],
] as const;

const ECHO_TEMPLATE = JSON.stringify({
  route: '$context.httpMethod $context.resourcePath',
  client: '$context.authorizer.client',
  key: '$context.authorizer.key',
  subject: '$context.authorizer.subject',
});

export class DemoRestApi extends Construct {
  readonly restApi: ApiGatewayRestApi;
  readonly stageName = 'demo';

  /** @param options.mutualTls whether the API is served on a mutual-TLS domain only (its default endpoint disabled) */
  constructor(scope: Construct, id: string, options: { readonly mutualTls?: boolean } = {}) {
    super(scope, id);
    this.restApi = new ApiGatewayRestApi(this, 'api', {
      name: 'gatehouse-demo',
      description: 'Gatehouse example API: mock routes that echo the authorizer context',
      apiKeySource: 'AUTHORIZER',
      endpointConfiguration: { types: ['REGIONAL'] },
      // With mutual TLS, the default execute-api endpoint would let clients skip the handshake.
      disableExecuteApiEndpoint: options.mutualTls ? true : undefined,
    });
  }

  /** Puts every route behind the platform's authorizer and deploys the stage its usage plans apply to. */
  protectWith(platform: GatehousePlatform): ApiGatewayStage {
    const resources = new Map<string, string>([['/', this.restApi.rootResourceId]]);
    const resourceFor = (path: string): string => {
      const known = resources.get(path);
      if (known) return known;
      const cut = path.lastIndexOf('/');
      const resource = new ApiGatewayResource(this, `resource${path.replace(/[^a-z]/gi, '-')}`, {
        restApiId: this.restApi.id,
        parentId: resourceFor(path.slice(0, cut) || '/'),
        pathPart: path.slice(cut + 1),
      });
      resources.set(path, resource.id);
      return resource.id;
    };

    const parts: Construct[] = [];
    for (const [method, path] of DEMO_ROUTES) {
      const id = `${method}${path.replace(/[^a-z]/gi, '-')}`;
      const resourceId = resourceFor(path);
      const common = { restApiId: this.restApi.id, resourceId, httpMethod: method };
      const apiMethod = new ApiGatewayMethod(this, `method-${id}`, { ...common, authorization: 'CUSTOM', authorizerId: platform.authorizer.id, apiKeyRequired: true });
      const integration = new ApiGatewayIntegration(this, `integration-${id}`, {
        ...common,
        httpMethod: apiMethod.httpMethod,
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
      });
      const methodResponse = new ApiGatewayMethodResponse(this, `method-response-${id}`, { ...common, httpMethod: apiMethod.httpMethod, statusCode: '200' });
      const integrationResponse = new ApiGatewayIntegrationResponse(this, `integration-response-${id}`, {
        ...common,
        httpMethod: apiMethod.httpMethod,
        statusCode: methodResponse.statusCode,
        responseTemplates: { 'application/json': ECHO_TEMPLATE },
        dependsOn: [integration],
      });
      parts.push(apiMethod, integration, methodResponse, integrationResponse);
    }

    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      // Redeploy whenever the routes or the echo change.
      triggers: { redeployment: createHash('sha256').update(JSON.stringify([DEMO_ROUTES, ECHO_TEMPLATE])).digest('hex') },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: parts as never[],
    });
    const stage = new ApiGatewayStage(this, 'stage', { restApiId: this.restApi.id, deploymentId: deployment.id, stageName: this.stageName });
    platform.addStageDependency(stage);
    return stage;
  }
}
