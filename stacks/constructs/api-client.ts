import { Construct } from 'constructs';
import { type ApiClientSettings, ClientDefinition } from '../model/api-client';
import { AccessPolicy } from './access-policy';
import { ApiCollection } from './api-collection';
import { catalogHostOf, clientFileOf, uniqueChildId } from './catalog-host';

export interface ApiClientProps extends ApiClientSettings {
  /**
   * Rate limit and quota.
   * @default none: no usage plan (a warning)
   */
  readonly policy?: AccessPolicy;
  /**
   * What the client may call.
   * @default nothing (a warning)
   */
  readonly collections?: readonly ApiCollection[];
}

/** A caller of the API: a partner system, an internal tool, a CI job. The id is its name. */
export class ApiClient extends Construct {
  readonly definition: ClientDefinition;

  constructor(scope: Construct, id: string, props: ApiClientProps) {
    super(scope, uniqueChildId(scope, id));
    const host = catalogHostOf(this);
    // A misspelled catalog name (`collections.ordres`) arrives as undefined: kept, for the rules to name.
    const collections = (Array.isArray(props.collections) ? props.collections : []).map((collection) => (collection instanceof ApiCollection ? collection.definition : undefined));
    const policy = props.policy instanceof AccessPolicy ? props.policy.definition : undefined;
    this.definition = new ClientDefinition(id, props, policy, collections, {
      policies: host.catalog.policies.map((known) => known.name),
      collections: host.catalog.collections.map((known) => known.name),
      policyUnknown: 'policy' in props && policy === undefined,
    });
    host.declare(this, this.definition, props.suppressions);
    host.catalog.addClient(this.definition, clientFileOf(this));
    host.clientAdded(this, this.definition);
  }
}
