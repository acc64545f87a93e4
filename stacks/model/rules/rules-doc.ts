/**
 * docs/checks.md, rendered from the rules themselves (`npm run docs:checks` writes it; a test fails when
 * the file and the rules disagree), so the list users suppress from is never out of date.
 */
import { ALL_RULES } from './index';

export function renderChecksDoc(): string {
  const rules = [...new Map(ALL_RULES.map((rule) => [rule.code, rule])).values()].sort((a, b) => a.code.localeCompare(b.code));
  const row = (rule: (typeof rules)[number]) => `| \`${rule.code}\` | ${rule.severity} | ${rule.summary.replace(/\|/g, '\\|')} |`;
  return [
    '# Synth-time checks',
    '',
    'Every check `cdktf synth` and `node bin/gatehouse.js validate` run, by its stable code. A problem names',
    'the client file, the construct, the field, the value and the fix. Errors fail synth. A warning can be',
    'accepted where it is reported, with its code and a reason:',
    '',
    '```ts',
    "suppressions: [{ code: 'certificate/expiring', reason: 'renewal ticket OPS-123, due before expiry' }]",
    '```',
    '',
    'Suppressing an error, a code no rule has, or without a reason is itself an error. Each rule lives in',
    '`stacks/model/rules/<subject>/<rule>.ts`; `test/stacks/rules.test.ts` holds a failing and a passing case',
    'for each. This page is generated: `npm run docs:checks`.',
    '',
    '| code | severity | what it catches |',
    '|---|---|---|',
    ...rules.map(row),
    '',
  ].join('\n');
}
