#!/usr/bin/env node
// The gatehouse CLI. Runs the TypeScript sources through tsx, like the rest of the project's tools.
require('tsx/cjs/api').register();
require('./cli/main.ts').runCli(process.argv);
