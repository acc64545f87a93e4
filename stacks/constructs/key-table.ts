/**
 * The key table and its items: one item per API key, written from the record module. On AWS the table
 * is on demand, encrypted, point-in-time recoverable and protected from deletion; the local table
 * (dynalite) gets the same keys and items without the features a local server does not have.
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbTableItem } from '@cdktf/provider-aws/lib/dynamodb-table-item';
import { Construct } from 'constructs';
import { encodeKeyRecord, KEY_TABLE, type KeyRecord } from '../../record/key-record';

export interface KeyTableProps {
  readonly tableName: string;
  /** AWS features (PITR, SSE, deletion protection); off for a local DynamoDB. */
  readonly production: boolean;
  readonly deletionProtection?: boolean;
}

export class KeyTable extends Construct {
  readonly table: DynamodbTable;
  private readonly items: Construct;

  constructor(scope: Construct, id: string, props: KeyTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: KEY_TABLE.partitionKey,
      attribute: [{ name: KEY_TABLE.partitionKey, type: 'S' }],
      ...(props.production
        ? {
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true },
            deletionProtectionEnabled: props.deletionProtection ?? true,
          }
        : {}),
    });
    this.items = new Construct(this, 'items');
  }

  /** Writes a key's record. `id` names the item in Terraform state (client and key names). */
  addRecord(id: string, record: KeyRecord): DynamodbTableItem {
    return new DynamodbTableItem(this.items, id, {
      tableName: this.table.name,
      hashKey: this.table.hashKey,
      item: JSON.stringify(encodeKeyRecord(record)),
    });
  }
}
