#!/usr/bin/env node
// The gatehouse CLI. Runs the bundle scripts/build-cli.ts makes (dist/cli/gatehouse.js), and builds it
// first when it is missing or any file it was built from has changed (a fresh clone, a pull, an edit):
// checking costs a stat per input, and every way of running the CLI runs the current sources.
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundlePath = join(root, 'dist', 'cli', 'gatehouse.js');

function isCurrent(builtFrom) {
  if (!builtFrom) return false;
  for (const [file, stamp] of Object.entries(builtFrom)) {
    let stats;
    try {
      stats = statSync(join(root, file));
    } catch {
      return false;
    }
    if (`${stats.size}:${stats.mtimeMs}` !== stamp) return false;
  }
  return true;
}

function currentBundle() {
  let bundle;
  try {
    bundle = require(bundlePath);
  } catch {
    return undefined; // missing, or unreadable: built again (and a real fault shows on that load)
  }
  return isCurrent(bundle.builtFrom) ? bundle : undefined;
}

async function main() {
  let bundle = currentBundle();
  if (!bundle) {
    process.stderr.write('gatehouse: building the CLI (first run, or its sources changed)…\n');
    require('tsx/cjs/api').register();
    await require('../scripts/build-cli.ts').buildCli();
    delete require.cache[bundlePath];
    bundle = require(bundlePath);
  }
  await bundle.runCli(process.argv);
}

main().catch((error) => {
  process.stderr.write(`gatehouse: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
