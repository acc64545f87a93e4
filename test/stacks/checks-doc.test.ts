/** docs/checks.md is what users suppress from and what problems point to: it must list the rules as they are. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../stacks/model/rules/index';
import { renderChecksDoc } from '../../stacks/model/rules/rules-doc';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'checks.md'), 'utf8');

it('is the page the rules render (run npm run docs:checks after changing a rule)', () => {
  expect(doc).toBe(renderChecksDoc());
});

it('lists every rule code once, with its severity', () => {
  for (const rule of ALL_RULES) expect(doc.split('\n').filter((line) => line.startsWith(`| \`${rule.code}\` | ${rule.severity} |`))).toHaveLength(1);
});
