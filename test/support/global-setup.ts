/**
 * Once per test run: build the authorizer bundle (the platform stacks package it, the local run loads
 * it) and the CLI's (tests run bin/gatehouse.js, which would otherwise build it in several workers at
 * once), prepare the example clients' demo material (synth reads it), and make the run's temporary root.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuthorizer } from '../../scripts/build-authorizer';
import { buildCli } from '../../scripts/build-cli';
import { prepareDemoMaterial } from '../../stacks/app/demo-material';

export default async function globalSetup(): Promise<void> {
  // Tests may run on Node 20; the Lambda runs Node 22. Inherited by the test workers.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.GATEHOUSE_TEST_TMP = mkdtempSync(join(tmpdir(), 'gatehouse-tests-'));
  await Promise.all([buildAuthorizer(), buildCli(), prepareDemoMaterial()]);
}
