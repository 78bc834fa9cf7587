/**
 * Parsing a bank into what the engine needs (pure: the caller reads the files). Items keep only
 * id, skill, type, level, enemyGroup and irt; content is the item-type plugins' business.
 */

import { bankMetaSchema, engineItemSchema, type BankMeta, type EngineItem } from './irt-schema.js';

export interface ParsedBank {
  meta: BankMeta;
  items: EngineItem[];
}

export class BankFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(`bank format: ${problems.length} problem(s)\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'BankFormatError';
  }
}

/**
 * Validate bank.json and the item files (`{ name: 'items/grammar.json', data: [...] }`).
 * Collects every problem (file, index, path, message) before failing; rejects duplicate ids and
 * items filed under the wrong skill file.
 */
export function parseBank(metaJson: unknown, itemFiles: ReadonlyArray<{ name: string; data: unknown }>): ParsedBank {
  const problems: string[] = [];
  const meta = bankMetaSchema.safeParse(metaJson);
  if (!meta.success) problems.push(...meta.error.issues.map((i) => `bank.json ${i.path.join('.')}: ${i.message}`));
  const items: EngineItem[] = [];
  const seen = new Set<string>();
  for (const file of itemFiles) {
    if (!Array.isArray(file.data)) {
      problems.push(`${file.name}: expected an array of items`);
      continue;
    }
    const skillOfFile = /([a-z]+)\.json$/.exec(file.name)?.[1];
    file.data.forEach((raw, idx) => {
      const r = engineItemSchema.safeParse(raw);
      if (!r.success) {
        const id = (raw as { id?: unknown })?.id;
        problems.push(...r.error.issues.map((i) => `${file.name}[${idx}]${typeof id === 'string' ? ` (${id})` : ''} ${i.path.join('.')}: ${i.message}`));
        return;
      }
      if (seen.has(r.data.id)) problems.push(`${file.name}[${idx}]: duplicate id ${r.data.id}`);
      seen.add(r.data.id);
      if (skillOfFile && skillOfFile !== r.data.skill) problems.push(`${file.name}[${idx}] (${r.data.id}): skill ${r.data.skill} in ${skillOfFile}.json`);
      items.push(r.data);
    });
  }
  if (problems.length > 0) throw new BankFormatError(problems);
  return { meta: meta.data as BankMeta, items };
}

