/**
 * Sets the provisional IRT block of every item of a bank by the rule of the common brief
 * (plugin/item-types/provisional-irt.ts), so the rule is applied uniformly and never typed by hand.
 * Items whose parameters are "calibrated" are left alone. Also puts item keys in the documented order.
 *
 *   npx tsx scripts/bank-provisional.ts [bankDir]          rewrite the item files
 *   npx tsx scripts/bank-provisional.ts [bankDir] --check  exit 1 if a file would change
 */
import { readFileSync } from 'node:fs';
import { itemFiles, orderKeys, formatJson, writeItems } from './lib/bank-files.js';
import { provisionalIrt, LEVEL_B } from '../plugin/item-types/provisional-irt.js';
import type { Level } from '../plugin/item-types/item-schema.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const bankDir = args.find((a) => !a.startsWith('--')) ?? 'content/banks/en';

let changed = 0;
for (const file of itemFiles(bankDir)) {
  if (!Array.isArray(file.items)) {
    console.error(`${file.path}: not a JSON array (${file.parseError ?? 'wrong shape'}), skipped`);
    process.exitCode = 1;
    continue;
  }
  const items = (file.items as Record<string, unknown>[]).map((raw) => {
    const item = { ...raw };
    const irt = item.irt as { status?: string } | undefined;
    if (irt?.status !== 'calibrated' && typeof item.level === 'string' && item.level in LEVEL_B) {
      item.irt = provisionalIrt({ type: String(item.type), level: item.level as Level, content: item.content });
    }
    return orderKeys(item);
  });
  const before = readFileSync(file.path, 'utf8');
  const after = formatJson(items) + '\n';
  if (before !== after) {
    changed++;
    if (check) console.error(`${file.path}: provisional parameters or layout out of date`);
    else writeItems(file.path, items);
  }
  console.log(`${file.path}: ${items.length} items`);
}
if (check && changed > 0) process.exitCode = 1;
else if (!check) console.log(`${changed} file(s) rewritten`);
