import { Construct } from 'constructs';
import { type ApiKeySettings, KeyDefinition } from '../model/api-key';
import { KEY_PLACEMENT_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import type { ApiClient } from './api-client';
import { catalogHostOf, clientFileOf, reportProblems, uniqueChildId } from './catalog-host';

export interface ApiKeyProps extends ApiKeySettings {
  /** The client the key belongs to. */
  readonly client: ApiClient;
}

/** One of a client's API keys: the hash of the token it holds, and that key's IP rules. The id is its name. */
export class ApiKey extends Construct {
  readonly definition: KeyDefinition;
  readonly client: ApiClient;

  constructor(scope: Construct, id: string, props: ApiKeyProps) {
    super(scope, uniqueChildId(scope, id));
    this.client = props.client;
    this.definition = new KeyDefinition(id, props.client.definition, props);
    const host = catalogHostOf(this);
    host.declare(this, this.definition, props.suppressions);
    reportProblems(this, runRules(KEY_PLACEMENT_RULES, { clientPath: props.client.node.path, sameDeployment: catalogHostOf(props.client) === host }, undefined), props.suppressions);
    host.catalog.addKey(this.definition, clientFileOf(this));
    host.keyAdded(this, this.definition);
  }
}
