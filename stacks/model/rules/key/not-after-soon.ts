/** key/not-after-soon (warning): A key whose notAfter comes within 30 days, so it is about to be refused. */
import type { KeyDefinition } from '../../api-key';
import { CERTIFICATE_WARNING_DAYS, DAY_MS, type SynthContext } from '../context';
import { defineRule } from '../rule';

export const notAfterSoon = defineRule<KeyDefinition, SynthContext>({
  code: 'key/not-after-soon',
  severity: 'warning',
  summary: 'A key whose notAfter comes within 30 days, so it is about to be refused',
  check: (key, { now }) => {
    const days = key.notAfterInstant && (key.notAfterInstant.getTime() - now.getTime()) / DAY_MS;
    return days !== undefined && days > 0 && days <= CERTIFICATE_WARNING_DAYS
      ? [{ field: 'notAfter', value: key.settings.notAfter, message: `comes in ${Math.ceil(days)} days: the key is refused from then on`, fix: 'mint a replacement key (gatehouse keys new), give it to the client and add it beside this one' }]
      : [];
  },
});
