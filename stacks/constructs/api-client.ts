import { Construct } from 'constructs';
import { type ApiClientSettings, ClientDefinition, type MutualTlsSettings, type TokenSettings } from '../model/api-client';
import { CLIENT_ENVIRONMENT_RULES } from '../model/rules/index';
import { runRules } from '../model/rules/rule';
import { AccessPolicy } from './access-policy';
import { ApiCollection } from './api-collection';
import { catalogHostOf, clientFileOf, reportProblems, uniqueChildId } from './catalog-host';

/** What may differ for a client in one environment; the rest is shared. */
export interface ApiClientOverrides {
  readonly policy?: AccessPolicy;
  readonly collections?: readonly ApiCollection[];
  readonly enabled?: boolean;
  readonly tokens?: TokenSettings;
  readonly mtls?: MutualTlsSettings;
}

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
  /**
   * The environments the client exists in (stacks/environments.ts).
   * @default every environment
   */
  readonly environments?: readonly string[];
  /**
   * Settings that differ in an environment, by environment name, e.g.
   * `{ production: { policy: policies.standard } }`; everything else is shared.
   * @default none
   */
  readonly perEnvironment?: Readonly<Record<string, ApiClientOverrides>>;
}

/** A caller of the API: a partner system, an internal tool, a CI job. The id is its name. */
export class ApiClient extends Construct {
  /** The client as declared for this environment; undefined when it does not exist in it. */
  readonly definition: ClientDefinition | undefined;
  /** The environments the client exists in. */
  readonly environments: readonly string[];

  constructor(scope: Construct, id: string, props: ApiClientProps) {
    super(scope, uniqueChildId(scope, id));
    const host = catalogHostOf(this);
    const { name: environment, all } = host.environment;
    const named = [
      ...(props.environments ?? []).map((name, index) => ({ field: `environments[${index}]`, name })),
      ...Object.keys(props.perEnvironment ?? {}).map((name) => ({ field: `perEnvironment.${name}`, name })),
    ];
    reportProblems(this, runRules(CLIENT_ENVIRONMENT_RULES, { named, all }, undefined), props.suppressions);
    this.environments = props.environments ?? all;
    if (!this.environments.includes(environment)) return;

    const effective: ApiClientProps = { ...props, ...props.perEnvironment?.[environment] };
    // A misspelled catalog name (`collections.ordres`) arrives as undefined: kept, for the rules to name.
    const collections = (Array.isArray(effective.collections) ? effective.collections : []).map((collection) => (collection instanceof ApiCollection ? collection.definition : undefined));
    const policy = effective.policy instanceof AccessPolicy ? effective.policy.definition : undefined;
    this.definition = new ClientDefinition(id, effective, policy, collections, {
      policies: host.catalog.policies.map((known) => known.name),
      collections: host.catalog.collections.map((known) => known.name),
      policyUnknown: 'policy' in effective && policy === undefined,
    });
    host.declare(this, this.definition, props.suppressions);
    host.catalog.addClient(this.definition, clientFileOf(this));
    host.clientAdded(this, this.definition);
  }
}
