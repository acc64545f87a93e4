/**
 * GitHub's own workflow parser (@actions/workflow-parser, from actions/languageservices: the schema
 * GitHub validates workflows with), run as a script because the package is ESM that imports JSON
 * without import attributes, which tsx loads and jest does not:
 *
 *   node node_modules/tsx/dist/cli.mjs test/support/workflow-parser.mts <workflow.yml>
 *
 * Prints {"errors": [...]} on stdout.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

const path = process.argv[2] as string;
const parsed = parseWorkflow({ name: basename(path), content: readFileSync(path, 'utf8') }, new NoOperationTraceWriter());
const errors = parsed.context.errors.getErrors().map((error) => error.message);
if (parsed.value) {
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const error of template.errors ?? []) if (!errors.includes(error.Message)) errors.push(error.Message);
}
process.stdout.write(`${JSON.stringify({ errors })}\n`);
