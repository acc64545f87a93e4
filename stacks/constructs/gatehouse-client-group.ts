/**
 * A team's clients, in a stack of their own: the table items and usage-plan API keys of the clients its
 * files declare, planned and applied on their own, so a pull request touching one team's file plans only
 * that team's stack. Everything shared stays in the environment's platform stack, which this stack
 * references (its table name and usage plans, through Terraform remote state): one catalog per
 * environment, so names and key hashes stay unique across teams, and the authorizer's role reads every
 * team's secrets.
 */
import { Construct, type IConstruct } from 'constructs';
import type { KeyDefinition } from '../model/api-key';
import type { ClientDefinition } from '../model/api-client';
import type { Suppression } from '../model/problems';
import type { CatalogHost } from './catalog-host';
import { markCatalogHost } from './catalog-host';
import { ClientResources } from './client-resources';
import type { GatehousePlatform } from './gatehouse-platform';

export interface GatehouseClientGroupProps {
  /** The environment's platform, in its own stack. */
  readonly platform: GatehousePlatform;
}

export class GatehouseClientGroup extends Construct implements CatalogHost {
  readonly platform: GatehousePlatform;
  /** Declare clients and keys in this scope (policies and collections belong to the platform's catalog). */
  readonly clients: Construct;
  private readonly resources: ClientResources;

  constructor(scope: Construct, id: string, props: GatehouseClientGroupProps) {
    super(scope, id);
    markCatalogHost(this);
    this.platform = props.platform;
    this.resources = new ClientResources(this, 'client-resources', { tableName: props.platform.keyTable.table.name, usageKeys: true });
    this.clients = new Construct(this, 'clients');
  }

  get catalog() {
    return this.platform.catalog;
  }

  get environment() {
    return this.platform.environment;
  }

  declare(construct: IConstruct, definition: object, suppressions: readonly Suppression[] | undefined): void {
    this.platform.declare(construct, definition, suppressions);
  }

  policyAdded(scope: IConstruct, policy: Parameters<CatalogHost['policyAdded']>[1]): void {
    this.platform.policyAdded(scope, policy);
  }

  clientAdded(scope: IConstruct, client: ClientDefinition): void {
    this.platform.clientRegistered(scope, client, this.resources);
  }

  keyAdded(_scope: IConstruct, key: KeyDefinition): void {
    this.platform.keyRegistered(key, this.resources);
  }
}
