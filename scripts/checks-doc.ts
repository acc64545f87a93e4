/** `npm run docs:checks`: writes docs/checks.md from the synth-time rules. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChecksDoc } from '../stacks/model/rules/rules-doc';

writeFileSync(join(__dirname, '..', 'docs', 'checks.md'), renderChecksDoc());
