/**
 * What each client and key becomes on AWS: one key-table item per API key, and per client with an access
 * policy an API Gateway API key joined to the policy's usage plan. Written as three resources with
 * for_each over maps that fill as client files are declared, so synth writes three blocks whatever the
 * number of clients (10,000 clients are 10,000 map entries, not 30,000 constructs), while Terraform still
 * tracks every item and key on its own (`aws_dynamodb_table_item.items["acme--acme-prod"]`).
 * The maps are Terraform locals that for_each reads, not literals inside the resource block: measured with
 * Terraform 1.11 at 1,000 items, a literal map in `for_each` took over 13 minutes of CPU to apply (every
 * instance re-evaluates the whole literal), the same map as a local 130 s (bench/iac-scale.ts).
 *
 * API keys here are never updated, only created and deleted: their name and value derive from the client's
 * name, and a disabled client is refused by the authorizer (its key record says so), not by disabling its
 * API key. AWS lists API key *updates* among the changes that need a stage redeploy ("Updates to REST
 * APIs that require redeployment"); creating a key and adding it to a usage plan need none. So these
 * resources can live in any stack, a team's own included, without redeploying the API's stage.
 */
import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import { DynamodbTableItem } from '@cdktf/provider-aws/lib/dynamodb-table-item';
import { Lazy, TerraformIterator, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { encodeKeyRecord, KEY_TABLE, type KeyRecord } from '../../record/key-record';

export interface ClientResourcesProps {
  /** The key table's name (a reference when the table is in another stack). */
  readonly tableName: string;
  /** Whether clients get API Gateway API keys (on AWS; a local run has no usage plans). */
  readonly usageKeys: boolean;
}

export class ClientResources extends Construct {
  private readonly items: Record<string, string> = {};
  private readonly usageKeys: Record<string, { name: string; value: string; description: string }> = {};
  private readonly usagePlanOf: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: ClientResourcesProps) {
    super(scope, id);
    const items = TerraformIterator.fromMap(mapLocal(this, 'item-records', () => this.items));
    new DynamodbTableItem(this, 'items', { forEach: items, tableName: props.tableName, hashKey: KEY_TABLE.partitionKey, item: items.value });
    if (!props.usageKeys) return;
    const keys = TerraformIterator.fromMap(mapLocal(this, 'usage-key-values', () => this.usageKeys));
    const apiKeys = new ApiGatewayApiKey(this, 'usage-keys', { forEach: keys, name: keys.getString('name'), value: keys.getString('value'), description: keys.getString('description') });
    const plans = TerraformIterator.fromMap(mapLocal(this, 'usage-plan-of', () => this.usagePlanOf));
    new ApiGatewayUsagePlanKey(this, 'usage-plan-keys', { forEach: plans, keyId: `\${${apiKeys.fqn}[each.key].id}`, keyType: 'API_KEY', usagePlanId: plans.value });
  }

  /** A key's record, as the table item Terraform writes (`<client>--<key>` names it in state). */
  addRecord(client: string, key: string, record: KeyRecord): void {
    this.items[keyItemName(client, key)] = literalForTerraform(keyItemJson(record));
  }

  /** A client's API key in its policy's usage plan. */
  addUsageKey(client: string, key: { name: string; value: string }, usagePlanId: string): void {
    this.usageKeys[client] = { ...key, description: `Usage plan key of ${client}, returned by the authorizer (not a secret: the API's key source is AUTHORIZER)` };
    this.usagePlanOf[client] = usagePlanId;
  }
}

/** What names a key's item: in Terraform's state on AWS, in the local stack's item list. */
export function keyItemName(client: string, key: string): string {
  return `${client}--${key}`;
}

/**
 * A key's table item as JSON in DynamoDB's attribute-value form: what aws_dynamodb_table_item takes as
 * `item` (and PutItem as `Item`). The AWS stacks and the local stack's bulk load both write this.
 */
export function keyItemJson(record: KeyRecord): string {
  return JSON.stringify(encodeKeyRecord(record));
}

/** A Terraform local holding a map that fills until synth; for_each reads it by reference. */
function mapLocal(scope: Construct, id: string, produce: () => object): Record<string, never> {
  return new TerraformLocal(scope, id, Lazy.anyValue({ produce })).asAnyMap as Record<string, never>;
}

/**
 * Terraform reads every string in its configuration as a template: `${…}` interpolates and `%{…}` is a
 * directive. A record holds what client files declare (token-rule values, audiences, certificate subjects),
 * which may contain either sequence; doubling the sign (`$${`, `%%{`) makes Terraform write it literally.
 */
export function literalForTerraform(text: string): string {
  return text.replace(/([$%])\{/g, (sequence: string, sign: string) => sign + sequence);
}
