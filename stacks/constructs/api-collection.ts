import { Construct } from 'constructs';
import { type ApiCollectionSettings, CollectionDefinition } from '../model/api-collection';
import { catalogHostOf, clientFileOf, uniqueChildId } from './catalog-host';

export type ApiCollectionProps = ApiCollectionSettings;

/** A named set of routes of the protected API. The id is its name. */
export class ApiCollection extends Construct {
  readonly definition: CollectionDefinition;

  constructor(scope: Construct, id: string, props: ApiCollectionProps) {
    super(scope, uniqueChildId(scope, id));
    this.definition = new CollectionDefinition(id, props);
    const host = catalogHostOf(this);
    host.declare(this, this.definition, props.suppressions);
    host.catalog.addCollection(this.definition, clientFileOf(this));
  }
}
