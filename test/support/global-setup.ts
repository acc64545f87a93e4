/** Once per test run: build the authorizer bundle the platform stacks package and the bundle tests load. */
import { buildAuthorizer } from '../../scripts/build-authorizer';

export default async function globalSetup(): Promise<void> {
  await buildAuthorizer();
}
