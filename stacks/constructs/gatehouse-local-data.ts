/**
 * The data half of Gatehouse for local runs and tests: the key table and one item per API key, deployed
 * with the same Terraform and provider to a DynamoDB-compatible server on this machine. The local
 * gateway then runs the authorizer against it.
 */
import { Construct, type IConstruct } from 'constructs';
import type { KeyDefinition } from '../model/api-key';
import { ApiDefinition } from '../model/api-definition';
import { Catalog } from '../model/catalog';
import { authorizerEnvironment, type AuthorizerSettings } from '../../record/authorizer-settings';
import { checkAuthorizerEnvironment } from '../model/authorizer-environment';
import { type CatalogHost, markCatalogHost, reportProblems } from './catalog-host';
import { KeyTable } from './key-table';

export interface GatehouseLocalDataProps {
  /** Every route the protected API serves, which each client's policy is compiled against. */
  readonly apiRoutes: readonly string[];
  /** Default `gatehouse-local-keys`. */
  readonly tableName?: string;
  readonly authorizer?: AuthorizerSettings;
}

export class GatehouseLocalData extends Construct implements CatalogHost {
  readonly catalog: Catalog;
  readonly keyTable: KeyTable;
  readonly tableName: string;
  /** What the local gateway sets for the authorizer, like the platform sets it on the Lambda. */
  readonly authorizerEnvironment: Record<string, string>;
  /** Declare clients, keys, policies and collections in this scope. */
  readonly clients: Construct;

  constructor(scope: Construct, id: string, props: GatehouseLocalDataProps) {
    super(scope, id);
    markCatalogHost(this);
    const api = new ApiDefinition(props.apiRoutes);
    this.catalog = new Catalog('gatehouse-local', api);
    this.tableName = props.tableName ?? 'gatehouse-local-keys';
    this.keyTable = new KeyTable(this, 'keys', { tableName: this.tableName, production: false });
    this.authorizerEnvironment = authorizerEnvironment(this.tableName, props.authorizer ?? {});
    reportProblems(this, [...api.problems, ...checkAuthorizerEnvironment(this.authorizerEnvironment)]);
    this.clients = new Construct(this, 'clients');
  }

  // Usage plans and API Gateway keys exist only on AWS; the local gateway reads policies from the catalog.
  policyAdded(): void {}
  clientAdded(): void {}

  keyAdded(_scope: IConstruct, key: KeyDefinition): void {
    const record = this.catalog.recordFor(key);
    if (record) this.keyTable.addRecord(`${key.client.name}--${key.name}`, record);
  }
}
