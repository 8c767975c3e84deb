// Prints the run's closing line, 'tests: N passed, N failed', from vitest's JSON report, so CI
// (which does not parse vitest's own summary) sees how many tests ran.
import { readFile } from 'node:fs/promises'

const report = JSON.parse(await readFile(new URL('../.test-results.json', import.meta.url), 'utf8'))
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
if (report.numTotalTests === 0 || report.numFailedTests > 0) process.exitCode = 1
