import { Construct } from 'constructs';
import { type ApiKeySettings, KeyDefinition } from '../model/api-key';
import { error } from '../model/problems';
import type { ApiClient } from './api-client';
import { catalogHostOf, reportProblems } from './catalog-host';

export interface ApiKeyProps extends ApiKeySettings {
  /** The client the key belongs to. */
  readonly client: ApiClient;
}

/** One of a client's API keys: the hash of the token it holds, and that key's IP rules. The id is its name. */
export class ApiKey extends Construct {
  readonly definition: KeyDefinition;
  readonly client: ApiClient;

  constructor(scope: Construct, id: string, props: ApiKeyProps) {
    super(scope, id);
    this.client = props.client;
    this.definition = new KeyDefinition(id, props.client.definition, props, new Date());
    const host = catalogHostOf(this);
    const problems = [...this.definition.problems, ...host.catalog.addKey(this.definition)];
    if (catalogHostOf(props.client) !== host) {
      problems.push(error('client', props.client.node.path, 'belongs to another Gatehouse deployment', 'declare the key in the same platform as its client'));
    }
    reportProblems(this, problems);
    host.keyAdded(this, this.definition);
  }
}
