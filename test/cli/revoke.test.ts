/**
 * `gatehouse revoke` and `flush` refuse, before touching any table or stage, what they cannot act on:
 * no environment, an unknown one, a stage they cannot name, a key named neither way, no reason.
 * (Revoking and flushing for real is test/local/revoke.test.ts, against a local run.)
 */
import { gatehouseInProcess } from '../support/cli-in-process';

const HASH = `sha256:${'a'.repeat(64)}`;

it.each([
  [['flush'], /--environment <name>/],
  [['revoke', HASH, '--reason', 'leaked'], /--environment <name>/],
  [['revoke', HASH], /required option '--reason <text>'/],
  [['revoke', HASH, '--reason', 'leaked', '--environment', 'nowhere'], /--environment nowhere: no such environment; stacks\/environments.ts declares staging, production/],
  [['flush', '--environment', 'staging'], /staging serves an API Gatehouse creates: pass --rest-api-id and --stage/],
  [['revoke', 'just-a-name', '--reason', 'leaked', '--environment', 'staging', '--rest-api-id', 'a1b2c3', '--stage', 'prod'], /name the key as <client>\/<key> or by the sha256:<hash>/],
])('gatehouse %j refuses: %s', async (args, message) => {
  const result = await gatehouseInProcess(...args);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
});
