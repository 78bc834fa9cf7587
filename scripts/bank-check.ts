/**
 * npm run bank:check [bankDir]   (default content/banks/en)
 * Checks a language bank (schemas by item type, counts, duplicates, keys, audio, time limits, IRT)
 * and prints a readable report. Exit code 1 when there is any error; warnings do not fail.
 */
import { checkBank, formatReport } from './lib/bank-checker.js';

const bankDir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'content/banks/en';
const report = checkBank(bankDir);
console.log(formatReport(report));
process.exitCode = report.findings.some((f) => f.severity === 'error') ? 1 : 0;
