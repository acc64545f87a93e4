import { Construct } from 'constructs';
import { type ApiCollectionSettings, CollectionDefinition } from '../model/api-collection';
import { catalogHostOf, reportProblems } from './catalog-host';

export type ApiCollectionProps = ApiCollectionSettings;

/** A named set of routes of the REST API. The id is its name. */
export class ApiCollection extends Construct {
  readonly definition: CollectionDefinition;

  constructor(scope: Construct, id: string, props: ApiCollectionProps) {
    super(scope, id);
    this.definition = new CollectionDefinition(id, props);
    reportProblems(this, [...this.definition.problems, ...catalogHostOf(this).catalog.addCollection(this.definition)]);
  }
}
