import { Construct } from 'constructs';
import { type ApiKeySettings, KeyDefinition } from '../model/api-key';
import { KEY_ENVIRONMENT_RULES, KEY_IN_ENVIRONMENT_RULES, KEY_PLACEMENT_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import type { ApiClient } from './api-client';
import { catalogHostOf, clientFileOf, reportProblems, uniqueChildId } from './catalog-host';

export interface ApiKeyProps extends ApiKeySettings {
  /** The client the key belongs to. */
  readonly client: ApiClient;
  /**
   * The environment the key belongs to: a key works in exactly one, so a staging token never opens
   * production. Required when the app has several environments.
   * @default the app's only environment
   */
  readonly environment?: string;
}

/** One of a client's API keys: the hash of the token it holds, and that key's IP rules. The id is its name. */
export class ApiKey extends Construct {
  /** The key as declared; undefined outside the key's environment. */
  readonly definition: KeyDefinition | undefined;
  readonly client: ApiClient;
  /** The environment the key belongs to (undefined while the declaration is wrong). */
  readonly environment: string | undefined;

  constructor(scope: Construct, id: string, props: ApiKeyProps) {
    super(scope, uniqueChildId(scope, id));
    this.client = props.client;
    const host = catalogHostOf(this);
    const { name: current, all } = host.environment;
    const named = props.environment === undefined ? [] : [{ field: 'environment', name: props.environment }];
    const placement = runRules(KEY_ENVIRONMENT_RULES, { named, all }, undefined);
    reportProblems(this, placement, props.suppressions);
    this.environment = props.environment ?? (all.length === 1 ? all[0] : undefined);
    if (this.environment !== current) return;

    reportProblems(
      this,
      [
        ...runRules(KEY_PLACEMENT_RULES, { clientPath: props.client.node.path, sameDeployment: catalogHostOf(props.client).catalog === host.catalog }, undefined),
        ...runRules(KEY_IN_ENVIRONMENT_RULES, { environment: current, client: props.client.node.id, clientEnvironments: props.client.environments }, undefined),
      ],
      props.suppressions,
    );
    const client = props.client.definition;
    if (!client) return;
    this.definition = new KeyDefinition(id, client, props);
    host.declare(this, this.definition, props.suppressions);
    host.catalog.addKey(this.definition, clientFileOf(this));
    host.keyAdded(this, this.definition);
  }
}
