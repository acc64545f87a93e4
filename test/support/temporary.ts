/**
 * Where tests put temporary files: one root per test run, made by global setup (which hands it to the
 * workers in GATEHOUSE_TEST_TMP) and removed by global teardown, so no run leaves directories behind.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_TMP_ROOT = process.env.GATEHOUSE_TEST_TMP ?? join(tmpdir(), `gatehouse-tests-${process.pid}`);

/** A new temporary directory under the run's root. */
export function testTempDir(prefix: string): string {
  mkdirSync(TEST_TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TEST_TMP_ROOT, `${prefix}-`));
}
