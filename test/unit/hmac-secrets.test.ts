import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSecretSource, HmacSecrets } from '../../lambda/signature/hmac-secrets';
import { testTempDir } from '../support/temporary';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf';
const secret = 'k'.repeat(32);

function fileWith(content: unknown): string {
  const file = join(testTempDir('secrets'), 'secrets.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('HMAC secrets', () => {
  it('reads a plain secret and a field of a JSON secret from the local file source', async () => {
    const secrets = new HmacSecrets(new FileSecretSource(fileWith({ [ARN]: secret, [`${ARN}-2`]: JSON.stringify({ current: secret }) })), { ttlMs: 1000, maxStaleMs: 1000 });
    expect((await secrets.get(ARN)).export().toString()).toBe(secret);
    expect((await secrets.get(`${ARN}-2#current`)).export().toString()).toBe(secret);
    expect(secrets.get(ARN)).not.toBeInstanceOf(Promise); // cached: the warm path does not await
  });

  it.each([
    ['a missing secret', {}, ARN, /no secret/],
    ['a secret shorter than 32 bytes', { [ARN]: 'short' }, ARN, /5 bytes; HS256 needs at least 32/],
    ['a field of a secret that is not JSON', { [ARN]: secret }, `${ARN}#current`, /is not JSON/],
    ['a missing field', { [ARN]: JSON.stringify({ next: secret }) }, `${ARN}#current`, /has no string field "current"/],
  ])('refuses %s', async (_, content, ref, message) => {
    const secrets = new HmacSecrets(new FileSecretSource(fileWith(content)), { ttlMs: 1000, maxStaleMs: 1000 });
    await expect(Promise.resolve(secrets.get(ref))).rejects.toThrow(message);
  });
});
