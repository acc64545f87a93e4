/**
 * A REST API stage with a deployment that is redeployed exactly when something API Gateway snapshots
 * into a deployment changes.
 *
 * A deployment is a snapshot: a change to a method, an authorizer or a gateway response reaches callers
 * only when the API is deployed again. AWS lists what needs a redeploy in "Updates to REST APIs that
 * require redeployment" (https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html):
 * ApiKey, Authorizer, disableExecuteApiEndpoint, DocumentationPart, DocumentationVersion, GatewayResponse,
 * Integration, IntegrationResponse, Method, MethodResponse, Model, RequestValidator, Resource, RestApi
 * (including its resource policy) and VpcLink; and what does not: Account, Deployment, DomainName,
 * BasePathMapping, Stage, Usage and UsagePlan.
 *
 * Terraform replaces an aws_api_gateway_deployment when its `triggers` change, and the provider's
 * documentation recommends exactly that, with create_before_destroy, to redeploy
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment).
 * The trigger here is a hash of the synthesized configuration of every resource of this stack that
 * belongs to the snapshot, found from the configuration itself (whatever names the REST API, the VPC
 * links its integrations use), so a setting added later moves the trigger without anyone listing it. The
 * deployment also depends on each of those resources, so Terraform changes them before it snapshots, on
 * the first apply as on every later one.
 *
 * DynamoDB items (a key's IP rules, a client's collections, its status), the Lambda's code and settings,
 * usage plans, stages and domain names are not in the snapshot and never move the trigger. Nor do the
 * clients' usage-plan API keys: AWS lists API key updates as needing a redeploy, and Gatehouse never
 * updates one (ClientResources creates and deletes them; a disabled client is refused by the authorizer).
 */
import { ApiGatewayDeployment, type ApiGatewayDeploymentConfig } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import type { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import type { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { Construct } from 'constructs';
import { redeploymentHash, type SnapshotPart } from '../model/deployment-snapshot';

export interface StageDeploymentProps {
  readonly restApi: ApiGatewayRestApi | DataAwsApiGatewayRestApi;
  readonly stageName: string;
}

/** API Gateway resources AWS documents as changeable without a redeploy, though they name the REST API. */
const NOT_SNAPSHOTTED = new Set([
  'aws_api_gateway_account',
  'aws_api_gateway_base_path_mapping',
  'aws_api_gateway_deployment',
  'aws_api_gateway_domain_name',
  'aws_api_gateway_method_settings', // stage settings
  'aws_api_gateway_stage',
  'aws_api_gateway_usage_plan',
  'aws_api_gateway_usage_plan_key', // adds an API key to a usage plan: a usage plan update
]);

/** Terraform meta-arguments and tags: neither is part of what API Gateway serves. */
const NOT_CONFIGURATION = ['//', 'depends_on', 'lifecycle', 'provider', 'timeouts', 'tags', 'tags_all'];

type Configuration = Record<string, unknown>;
type Part = SnapshotPart & { readonly resource: TerraformResource };

export class StageDeployment extends Construct {
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;

  constructor(scope: Construct, id: string, props: StageDeploymentProps) {
    super(scope, id);
    const deployment = new SnapshotDeployment(this, 'deployment', { restApiId: props.restApi.id, lifecycle: { createBeforeDestroy: true } }, () => this.snapshotParts(props.restApi));
    this.deployment = deployment;
    // Produced when the stack is synthesized, from the tree as it is then: constructs added or changed
    // after this one are included. The first (preparing) pass only looks for cross-stack references.
    deployment.triggers = { redeployment: Lazy.stringValue({ produce: (context) => (context.preparing ? 'preparing' : redeploymentHash(deployment.parts())) }) };
    // Terraform addresses, as cdktf writes a dependsOn (resolving a dependable() token per key costs more).
    deployment.dependsOn = Lazy.listValue({ produce: (context) => (context.preparing ? [] : deployment.parts().map((part) => part.address)) });
    this.stage = new ApiGatewayStage(this, 'stage', { restApiId: props.restApi.id, deploymentId: deployment.id, stageName: props.stageName });
  }

  /** The resources of this stack that API Gateway snapshots into a deployment of the REST API. */
  private snapshotParts(restApi: StageDeploymentProps['restApi']): Part[] {
    const stack = TerraformStack.of(this);
    const own = new Set<unknown>(this.node.findAll());
    const resources = stack.node
      .findAll()
      .filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct) && !own.has(construct))
      .filter((resource) => resource.terraformResourceType.startsWith('aws_api_gateway_'));
    const address = (resource: TerraformResource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    const reference = (resource: TerraformResource) => `\${${address(resource)}.id}`;
    const part = (resource: TerraformResource): Part => ({ resource, address: address(resource), configuration: configurationOf(stack, resource) });
    const apiId = resolve(stack, restApi.id);

    // Everything naming the API, except what AWS documents as needing no redeploy. Clients' API keys and
    // their usage-plan keys, the bulk of a large catalog, are never updated (see ClientResources).
    const named = resources
      .filter((resource) => !['aws_api_gateway_api_key', 'aws_api_gateway_usage_plan_key'].includes(resource.terraformResourceType))
      .map(part)
      .filter(({ configuration }) => JSON.stringify(configuration).includes(apiId));
    const parts = [
      ...(TerraformResource.isTerraformResource(restApi) && !own.has(restApi) && !named.some(({ resource }) => resource === restApi) ? [part(restApi)] : []),
      ...named.filter(({ resource }) => !NOT_SNAPSHOTTED.has(resource.terraformResourceType)),
    ];
    // VPC links are named by the integrations that use them.
    const used = JSON.stringify(parts.map(({ configuration }) => configuration));
    for (const resource of resources) {
      if (resource.terraformResourceType === 'aws_api_gateway_vpc_link' && used.includes(reference(resource))) parts.push(part(resource));
    }
    return parts;
  }
}

/**
 * The deployment, computing what it snapshots once per synthesis: its trigger and its dependencies are
 * both produced while Terraform JSON is rendered from toTerraform(), which starts every pass afresh.
 */
class SnapshotDeployment extends ApiGatewayDeployment {
  private computed: Part[] | undefined;

  constructor(
    scope: Construct,
    id: string,
    config: ApiGatewayDeploymentConfig,
    private readonly compute: () => Part[],
  ) {
    super(scope, id, config);
  }

  parts(): Part[] {
    this.computed ??= this.compute();
    return this.computed;
  }

  override toTerraform(): Record<string, unknown> {
    this.computed = undefined;
    return super.toTerraform() as Record<string, unknown>;
  }

  override toHclTerraform(): Record<string, unknown> {
    this.computed = undefined;
    return super.toHclTerraform() as Record<string, unknown>;
  }
}

/** The resource's configuration as `cdktf synth` writes it, without meta-arguments and tags. */
function configurationOf(stack: TerraformStack, resource: TerraformResource): Configuration {
  const synthesized = resolve(stack, resource.toTerraform()) as { resource: Record<string, Record<string, Configuration>> };
  const configuration = { ...Object.values(Object.values(synthesized.resource)[0] ?? {})[0] };
  for (const key of NOT_CONFIGURATION) delete configuration[key];
  return configuration;
}
