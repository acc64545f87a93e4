/**
 * The key table: on AWS on demand, encrypted, point-in-time recoverable and protected from deletion; the
 * local table (dynalite) gets the same key without the features a local server does not have. Its items,
 * one per API key, are ClientResources on AWS, and loaded in bulk by the local run (GatehouseLocalData).
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { KEY_TABLE } from '../../record/key-record';

export interface KeyTableProps {
  readonly tableName: string;
  /** AWS features (PITR, SSE, deletion protection); off for a local DynamoDB. */
  readonly production: boolean;
  readonly deletionProtection?: boolean;
}

export class KeyTable extends Construct {
  readonly table: DynamodbTable;

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
  }

}
