/**
 * The example app's API as an HTTP API (API Gateway v2): the demo REST API's routes behind the same
 * Gatehouse authorizer (GatehouseHttpApi), answered by a small Lambda that echoes the authorizer's
 * context (HTTP APIs have no mock integrations). Its `$default` stage deploys automatically and sets
 * default route throttling, which is what HTTP APIs offer in place of per-client usage plans.
 */
import { join } from 'node:path';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { GatehouseHttpApi } from '../constructs/gatehouse-http-api';
import type { GatehousePlatform } from '../constructs/gatehouse-platform';
import { DEMO_ROUTES } from './demo-rest-api';

/** Shared by every caller of the stage: HTTP APIs throttle per stage and route, never per client. */
export const DEMO_HTTP_API_THROTTLING = { throttlingRateLimit: 100, throttlingBurstLimit: 200 } as const;

export class DemoHttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly integration: Apigatewayv2Integration;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const name = 'gatehouse-demo-http';
    this.api = new Apigatewayv2Api(this, 'api', { name, protocolType: 'HTTP', description: 'Gatehouse example API as an HTTP API: routes that echo the authorizer context' });
    this.stage = new Apigatewayv2Stage(this, 'stage', { apiId: this.api.id, name: '$default', autoDeploy: true, defaultRouteSettings: { ...DEMO_HTTP_API_THROTTLING } });

    const role = new IamRole(this, 'backend-role', {
      name: `${name}-backend`,
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    });
    const logging = new IamRolePolicyAttachment(this, 'backend-logging', { role: role.name, policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' });
    const code = new TerraformAsset(this, 'backend-code', { path: join(__dirname, 'demo-http-backend'), type: AssetType.ARCHIVE });
    const backend = new LambdaFunction(this, 'backend', {
      functionName: `${name}-backend`,
      description: 'Gatehouse example HTTP API backend: echoes the authorizer context',
      role: role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: 128,
      dependsOn: [logging],
    });
    new LambdaPermission(this, 'backend-permission', {
      action: 'lambda:InvokeFunction',
      functionName: backend.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/*`,
    });
    this.integration = new Apigatewayv2Integration(this, 'integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: backend.invokeArn,
      payloadFormatVersion: '2.0',
    });
  }

  /** Puts the demo routes behind the platform's authorizer. */
  protectWith(platform: GatehousePlatform): GatehouseHttpApi {
    return new GatehouseHttpApi(this, 'gatehouse', {
      platform,
      api: this.api,
      stage: this.stage,
      routes: DEMO_ROUTES.map(([method, path]) => `${method} ${path}`),
      target: `integrations/${this.integration.id}`,
    });
  }
}
