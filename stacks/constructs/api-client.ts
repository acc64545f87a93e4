import { Construct } from 'constructs';
import { type ApiClientSettings, ClientDefinition } from '../model/api-client';
import type { AccessPolicy } from './access-policy';
import type { ApiCollection } from './api-collection';
import { catalogHostOf, reportProblems } from './catalog-host';

export interface ApiClientProps extends ApiClientSettings {
  /** Rate limit and quota. Default: none (no usage plan). */
  readonly policy?: AccessPolicy;
  /** What the client may call. Default: nothing. */
  readonly collections?: readonly ApiCollection[];
}

/** A caller of the API: a partner system, an internal tool, a CI job. The id is its name. */
export class ApiClient extends Construct {
  readonly definition: ClientDefinition;

  constructor(scope: Construct, id: string, props: ApiClientProps) {
    super(scope, id);
    this.definition = new ClientDefinition(id, props, props.policy?.definition, (props.collections ?? []).map((collection) => collection.definition), new Date());
    const host = catalogHostOf(this);
    reportProblems(this, [...this.definition.problems, ...host.catalog.addClient(this.definition)]);
    host.clientAdded(this, this.definition);
  }
}
