import { Construct } from 'constructs';
import { type AccessPolicySettings, PolicyDefinition } from '../model/access-policy';
import { catalogHostOf, clientFileOf, uniqueChildId } from './catalog-host';

export type AccessPolicyProps = AccessPolicySettings;

/** A rate limit and quota; the platform deploys one API Gateway usage plan per policy. The id is its name. */
export class AccessPolicy extends Construct {
  readonly definition: PolicyDefinition;

  constructor(scope: Construct, id: string, props: AccessPolicyProps) {
    super(scope, uniqueChildId(scope, id));
    this.definition = new PolicyDefinition(id, props);
    const host = catalogHostOf(this);
    host.declare(this, this.definition, props.suppressions);
    host.catalog.addPolicy(this.definition, clientFileOf(this));
    host.policyAdded(this, this.definition);
  }
}
