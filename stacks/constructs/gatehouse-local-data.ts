/**
 * The data half of Gatehouse for local runs and tests: the key table, deployed with the same Terraform
 * and provider to a DynamoDB-compatible server on this machine, and one item per API key, which the
 * local run loads into that table in bulk (local/key-items.ts). The local gateway then runs the
 * authorizer against it.
 *
 * The items are not Terraform resources here: Terraform's apply slows with every resource already in its
 * state (measured 21 s for 100 items, 106 s for 1,000), so 10,000 keys would take hours. They are written
 * into the synthesized stack all the same, under a comment property (`"//"`), which Terraform's JSON
 * syntax ignores (https://developer.hashicorp.com/terraform/language/syntax/json, "Comment Properties"):
 * synth stays the one artifact that says what the local table holds, and a changed key changes it.
 */
import { Lazy, TerraformStack } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { type AuthorizerSettings, authorizerEnvironment } from '../../record/authorizer-settings';
import type { KeyDefinition } from '../model/api-key';
import type { ClientDefinition } from '../model/api-client';
import { ApiDefinition } from '../model/api-definition';
import { Catalog } from '../model/catalog';
import type { EnvironmentContext } from '../model/environment';
import { CLIENT_PLATFORM_RULES, PLATFORM_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import { type CatalogHost, DeclarationRegistry, markCatalogHost, reportProblems, synthClock } from './catalog-host';
import { keyItemJson, keyItemName } from './client-resources';
import { KeyTable } from './key-table';

/** Where the synthesized local stack holds its key items: `"//".<this>`. */
export const LOCAL_KEY_ITEMS = 'gatehouseKeyItems';

/** The local stack's key items, as synthesized: the table they belong in, and each key's item JSON by name. */
export interface LocalKeyItems {
  readonly table: string;
  readonly items: Readonly<Record<string, string>>;
}

export interface GatehouseLocalDataProps {
  /** Every route the protected API serves, which each client's policy is compiled against. */
  readonly apiRoutes: readonly string[];
  /** @default `gatehouse-local-keys` */
  readonly tableName?: string;
  /** @default the authorizer's defaults (record/authorizer-settings.ts) */
  readonly authorizer?: AuthorizerSettings;
  /**
   * The environment whose clients and keys the local run serves.
   * @default a single environment named `default`
   */
  readonly environment?: EnvironmentContext;
}

export class GatehouseLocalData extends Construct implements CatalogHost {
  readonly catalog: Catalog;
  readonly keyTable: KeyTable;
  readonly tableName: string;
  /** What the local gateway sets for the authorizer, like the platform sets it on the Lambda. */
  readonly authorizerEnvironment: Record<string, string>;
  /** Declare clients, keys, policies and collections in this scope. */
  readonly clients: Construct;
  /** Where the API catalog (access policies and collections) is declared: inside `clients`. */
  readonly catalogScope: Construct;
  readonly environment: EnvironmentContext;
  private readonly registry: DeclarationRegistry;
  private readonly items: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: GatehouseLocalDataProps) {
    super(scope, id);
    markCatalogHost(this);
    this.registry = new DeclarationRegistry(this);
    this.catalog = new Catalog('gatehouse-local', new ApiDefinition(props.apiRoutes), synthClock(this), (definition, problems) => this.registry.report(definition, problems));
    this.tableName = props.tableName ?? 'gatehouse-local-keys';
    this.environment = props.environment ?? { name: 'default', all: ['default'] };
    this.keyTable = new KeyTable(this, 'keys', { tableName: this.tableName, production: false });
    const items: LocalKeyItems = { table: this.tableName, items: this.items };
    TerraformStack.of(this).addOverride(`//.${LOCAL_KEY_ITEMS}`, Lazy.anyValue({ produce: () => items }));
    this.authorizerEnvironment = authorizerEnvironment(this.tableName, props.authorizer ?? {});
    // Of the platform's checks, only the authorizer's settings apply to a local run.
    const settingsRule = PLATFORM_RULES.filter((rule) => rule.code === 'platform/authorizer-setting-invalid');
    reportProblems(this, runRules(settingsRule, { namePrefix: 'gatehouse-local', logRetentionDays: 1, authorizerEnvironment: this.authorizerEnvironment, resultCacheTtlSeconds: 0, restApi: { managed: false } }, undefined));
    this.clients = new Construct(this, 'clients');
    this.catalogScope = new Construct(this.clients, 'api-catalog');
  }

  declare(construct: IConstruct, definition: object, suppressions: Parameters<CatalogHost['declare']>[2]): void {
    this.registry.declare(construct, definition, suppressions);
  }

  // Usage plans and API Gateway keys exist only on AWS; the local gateway reads policies from the catalog.
  policyAdded(): void {}

  clientAdded(scope: IConstruct, client: ClientDefinition): void {
    reportProblems(scope, runRules(CLIENT_PLATFORM_RULES, { client, platform: { onAws: false } }, undefined), client.settings.suppressions);
  }

  keyAdded(_scope: IConstruct, key: KeyDefinition): void {
    const record = this.catalog.recordFor(key);
    if (record) this.items[keyItemName(key.client.name, key.name)] = keyItemJson(record);
  }
}
