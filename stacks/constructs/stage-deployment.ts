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
 * belongs to the snapshot, found from the configuration itself (whatever names the REST API, the API
 * keys of usage plans on it, the VPC links its integrations use), so a setting added later moves the
 * trigger without anyone listing it. The deployment also depends on each of those resources, so Terraform
 * changes them before it snapshots, on the first apply as on every later one.
 *
 * DynamoDB items (a key's IP rules, a client's collections), the Lambda's code and settings, usage plans,
 * stages and domain names are not in the snapshot and never move the trigger.
 */
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import type { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import type { DataAwsApiGatewayRestApi } from '@cdktf/provider-aws/lib/data-aws-api-gateway-rest-api';
import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { dependable } from 'cdktf/lib/tfExpression';
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

export class StageDeployment extends Construct {
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: StageDeploymentProps,
  ) {
    super(scope, id);
    this.deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: props.restApi.id,
      // Computed at synth, from the tree as it is then: constructs added or changed later are included.
      triggers: { redeployment: Lazy.stringValue({ produce: () => redeploymentHash(this.snapshotParts()) }) },
      lifecycle: { createBeforeDestroy: true },
    });
    this.deployment.dependsOn = Lazy.listValue({ produce: () => this.snapshotParts().map((part) => dependable(part.resource)) });
    this.stage = new ApiGatewayStage(this, 'stage', { restApiId: props.restApi.id, deploymentId: this.deployment.id, stageName: props.stageName });
  }

  /** The resources of this stack that API Gateway snapshots into a deployment of the REST API. */
  snapshotParts(): (SnapshotPart & { resource: TerraformResource })[] {
    const stack = TerraformStack.of(this);
    const own = new Set(this.node.findAll());
    const candidates = stack.node
      .findAll()
      .filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct) && !own.has(construct))
      .filter((resource) => resource.terraformResourceType.startsWith('aws_api_gateway_'))
      .map((resource) => ({ resource, address: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, configuration: configurationOf(stack, resource) }));
    const reference = (address: string) => `\${${address}.id}`;
    const apiId = resolve(stack, this.props.restApi.id);
    const mentionsApi = (configuration: Configuration) => JSON.stringify(configuration).includes(apiId);

    const parts = candidates.filter(({ resource, configuration }) => {
      if (resource === this.props.restApi) return true;
      return !NOT_SNAPSHOTTED.has(resource.terraformResourceType) && mentionsApi(configuration);
    });
    // API keys do not name the API: they reach it through usage plans on its stages.
    const plansOnApi = new Set(candidates.filter(({ resource, configuration }) => resource.terraformResourceType === 'aws_api_gateway_usage_plan' && mentionsApi(configuration)).map(({ address }) => reference(address)));
    const keysOnApi = new Set(candidates.filter(({ resource, configuration }) => resource.terraformResourceType === 'aws_api_gateway_usage_plan_key' && plansOnApi.has(String(configuration.usage_plan_id))).map(({ configuration }) => String(configuration.key_id)));
    // VPC links are named by the integrations that use them.
    const used = JSON.stringify(parts.map(({ configuration }) => configuration));
    for (const candidate of candidates) {
      const type = candidate.resource.terraformResourceType;
      if ((type === 'aws_api_gateway_api_key' && keysOnApi.has(reference(candidate.address))) || (type === 'aws_api_gateway_vpc_link' && used.includes(reference(candidate.address)))) {
        parts.push(candidate);
      }
    }
    return parts;
  }
}

/** The resource's configuration as `cdktf synth` writes it, without meta-arguments and tags. */
function configurationOf(stack: TerraformStack, resource: TerraformResource): Configuration {
  const synthesized = resolve(stack, resource.toTerraform()) as { resource: Record<string, Record<string, Configuration>> };
  const configuration = { ...Object.values(Object.values(synthesized.resource)[0] ?? {})[0] };
  for (const key of NOT_CONFIGURATION) delete configuration[key];
  return configuration;
}
