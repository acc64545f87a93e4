/**
 * What each client and key becomes on AWS: one key-table item per API key, and per client with an access
 * policy an API Gateway API key joined to the policy's usage plan. Written as three resources with
 * for_each over maps that fill as client files are declared, so synth writes three blocks whatever the
 * number of clients (10,000 clients are 10,000 map entries, not 30,000 constructs), while Terraform still
 * tracks every item and key on its own (`aws_dynamodb_table_item.items["acme--acme-prod"]`).
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
import { Lazy, TerraformIterator } from 'cdktf';
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
    const items = TerraformIterator.fromMap(Lazy.anyValue({ produce: () => this.items }) as never);
    new DynamodbTableItem(this, 'items', { forEach: items, tableName: props.tableName, hashKey: KEY_TABLE.partitionKey, item: items.value });
    if (!props.usageKeys) return;
    const keys = TerraformIterator.fromMap(Lazy.anyValue({ produce: () => this.usageKeys }) as never);
    const apiKeys = new ApiGatewayApiKey(this, 'usage-keys', { forEach: keys, name: keys.getString('name'), value: keys.getString('value'), description: keys.getString('description') });
    const plans = TerraformIterator.fromMap(Lazy.anyValue({ produce: () => this.usagePlanOf }) as never);
    new ApiGatewayUsagePlanKey(this, 'usage-plan-keys', { forEach: plans, keyId: `\${${apiKeys.fqn}[each.key].id}`, keyType: 'API_KEY', usagePlanId: plans.value });
  }

  /** A key's record, as the table item Terraform writes (`<client>--<key>` names it in state). */
  addRecord(client: string, key: string, record: KeyRecord): void {
    this.items[`${client}--${key}`] = JSON.stringify(encodeKeyRecord(record));
  }

  /** A client's API key in its policy's usage plan. */
  addUsageKey(client: string, key: { name: string; value: string }, usagePlanId: string): void {
    this.usageKeys[client] = { ...key, description: `Usage plan key of ${client}, returned by the authorizer (not a secret: the API's key source is AUTHORIZER)` };
    this.usagePlanOf[client] = usagePlanId;
  }
}
