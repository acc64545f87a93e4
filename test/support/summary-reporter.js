/**
 * Writes .jest-results.json with the run's counts, for .ci/run's final "N passed, N failed" line. Test
 * files that fail to load count as failures: a file that cannot even run must not look green.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.file = join(globalConfig.rootDir, '.jest-results.json');
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      pending: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    writeFileSync(this.file, `${JSON.stringify(summary)}\n`);
  }
}

module.exports = SummaryReporter;
