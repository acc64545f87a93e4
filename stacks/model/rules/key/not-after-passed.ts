/** key/not-after-passed (warning): A key whose notAfter has passed, so it is refused. */
import type { KeyDefinition } from '../../api-key';
import type { SynthContext } from '../context';
import { defineRule } from '../rule';

export const notAfterPassed = defineRule<KeyDefinition, SynthContext>({
  code: 'key/not-after-passed',
  severity: 'warning',
  summary: 'A key whose notAfter has passed, so it is refused',
  check: (key, { now }) =>
    key.notAfterInstant && key.notAfterInstant.getTime() <= now.getTime()
      ? [{ field: 'notAfter', value: key.settings.notAfter, message: 'has passed, so this key is refused', fix: 'remove the key, or extend notAfter if the client still needs it' }]
      : [],
});
