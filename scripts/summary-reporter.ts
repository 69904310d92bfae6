import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain `N passed, N failed, N skipped` line CI reads, and writes the counts to
 * `.test-results/summary.json`. A test file that fails without a failed test (it does not load,
 * or a `beforeAll` hook fails and its tests are skipped) counts as one failure, so it can never
 * pass as "0 failed".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      failed += failedHere;
      if (failedHere === 0 && module.state() === 'failed') failed++;
    }
    mkdirSync('.test-results', { recursive: true });
    writeFileSync('.test-results/summary.json', JSON.stringify({ passed, failed, skipped }) + '\n');
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
