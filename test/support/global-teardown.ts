/** Once after the test run: remove the run's temporary root. */
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  if (process.env.GATEHOUSE_TEST_TMP) rmSync(process.env.GATEHOUSE_TEST_TMP, { recursive: true, force: true });
}
