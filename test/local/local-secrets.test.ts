/**
 * The local run's secrets file: the demo secret merged in, every entry a user added kept, and a warning
 * (never the secret) for each HMAC client whose secret is missing, too short or has stray whitespace.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareLocalSecrets } from '../../local/local-secrets';

const DEMO = { arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehouse/demo/legacy-billing-Gx7Qp2', secret: 'D'.repeat(44) };
const USER_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-hmac-AbCdEf';
const GOOD = 'S'.repeat(44);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-local-secrets-'));
  file = join(dir, 'secrets.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

it('creates the file with the demo secret, readable by its owner only', () => {
  expect(prepareLocalSecrets(file, DEMO, [])).toEqual([]);
  expect(read()).toEqual({ [DEMO.arn]: DEMO.secret });
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

it('keeps every entry a user added, and brings the demo secret up to date', () => {
  const user = { [USER_ARN]: GOOD, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:json-one-AbCdEf': '{"current":"x"}', note: 42 };
  writeFileSync(file, JSON.stringify({ ...user, [DEMO.arn]: 'an old demo secret' }));
  prepareLocalSecrets(file, DEMO, []);
  expect(read()).toEqual({ ...user, [DEMO.arn]: DEMO.secret });
  prepareLocalSecrets(file, DEMO, []);
  expect(read()).toEqual({ ...user, [DEMO.arn]: DEMO.secret });
});

it.each([
  ['not JSON', '{ "arn": "x", }', 'is not valid JSON'],
  ['not an object', '["x"]', 'must hold one JSON object mapping each secret ARN to its secret'],
])('refuses a file that is %s, leaving it as it was', (_what, content, message) => {
  writeFileSync(file, content);
  expect(() => prepareLocalSecrets(file, DEMO, [])).toThrow(message);
  expect(readFileSync(file, 'utf8')).toBe(content);
});

it('passes a client whose secret is there and well-formed, whole or as a JSON field', () => {
  writeFileSync(file, JSON.stringify({ [USER_ARN]: GOOD, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:json-AbCdEf': JSON.stringify({ current: GOOD }) }));
  const clients = [
    { client: 'billing', refs: [USER_ARN] },
    { client: 'json-billing', refs: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:json-AbCdEf#current'] },
    { client: 'legacy-billing', refs: [DEMO.arn] },
  ];
  expect(prepareLocalSecrets(file, DEMO, clients)).toEqual([]);
});

it.each([
  ['missing', {}, [USER_ARN], `client "billing": ${'<file>'} has no secret string for ${USER_ARN}, so its tokens get 500; add "${USER_ARN}": "<the secret>" to <file>`],
  ['too short', { [USER_ARN]: 'short-secret' }, [USER_ARN], `client "billing": the secret ${USER_ARN} is 12 bytes; HS256 needs at least 32`],
  ['ending in a newline', { [USER_ARN]: `${GOOD}\n` }, [USER_ARN], `client "billing": the secret ${USER_ARN} ends with whitespace (a newline?). The secret is used as its exact UTF-8 text, as jwt.io does`],
  ['a JSON secret without the field', { [USER_ARN]: JSON.stringify({ previous: GOOD }) }, [`${USER_ARN}#current`], `client "billing": the secret for ${USER_ARN} in <file> is not JSON with a string field "current"`],
  ['a JSON field that is too short', { [USER_ARN]: JSON.stringify({ current: 'tiny' }) }, [`${USER_ARN}#current`], `client "billing": the secret ${USER_ARN}#current is 4 bytes`],
])('warns about a client whose secret is %s, without showing it', (_what, stored, refs, warning) => {
  writeFileSync(file, JSON.stringify(stored));
  const warnings = prepareLocalSecrets(file, DEMO, [{ client: 'billing', refs }]);
  expect(warnings).toEqual([expect.stringContaining(warning.replaceAll('<file>', file))]);
  for (const value of Object.values(stored)) expect(warnings.join('\n')).not.toContain(value.trim());
  expect(existsSync(file)).toBe(true);
});
