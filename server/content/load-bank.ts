/**
 * Reads a language bank (content/banks/<language>/: bank.json, items/*.json, audio/): every item
 * is validated by the common schema and its type's content schema — the same checks as the
 * first pass of `npm run bank:check` — and every problem is reported at once. `loadBank` then
 * compiles the adaptive engine over it for delivery; the simulation reads it with `readBank`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveConfig, type AdaptiveConfigInput } from '../domain/adaptive/config.js';
import type { BankAdaptiveConfig, EngineItem } from '../domain/adaptive/irt-schema.js';
import { createAdaptiveEngine } from '../domain/adaptive/session.js';
import type { BankItem, LoadedBank } from '../domain/delivery/ports.js';
import { bankMetaSchema, itemSchema, type BankMeta, type Item } from '../../plugin/item-types/item-schema.js';

export class BankLoadError extends Error {
  constructor(
    readonly bankDir: string,
    readonly problems: string[],
  ) {
    super(`The item bank in ${bankDir} is not valid (${problems.length} problem(s); npm run bank:check gives the full report):\n${problems.slice(0, 10).join('\n')}`);
    this.name = 'BankLoadError';
  }
}

export interface BankFiles {
  dir: string;
  meta: BankMeta;
  items: Item[];
  /** What the engine takes from bank.json. */
  adaptive: BankAdaptiveConfig;
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export function readBank(dir: string): BankFiles {
  const problems: string[] = [];
  const meta = bankMetaSchema.safeParse(readJson(path.join(dir, 'bank.json'), problems));
  if (!meta.success) problems.push(...meta.error.issues.map((i) => `bank.json ${i.path.join('.')}: ${i.message}`));
  const items: Item[] = [];
  const seen = new Set<string>();
  const itemsDir = path.join(dir, 'items');
  for (const file of fs.existsSync(itemsDir) ? fs.readdirSync(itemsDir).filter((f) => f.endsWith('.json')).sort() : []) {
    const raw = readJson(path.join(itemsDir, file), problems);
    if (!Array.isArray(raw)) {
      problems.push(`items/${file}: expected an array of items`);
      continue;
    }
    raw.forEach((candidate: unknown, index) => {
      const id = (candidate as { id?: unknown } | null)?.id;
      const where = `items/${file}[${index}]${typeof id === 'string' ? ` (${id})` : ''}`;
      const parsed = itemSchema.safeParse(candidate);
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${where} ${i.path.join('.')}: ${i.message}`));
        return;
      }
      if (seen.has(parsed.data.id)) problems.push(`${where}: duplicate id ${parsed.data.id}`);
      if (`${parsed.data.skill}.json` !== file) problems.push(`${where}: a ${parsed.data.skill} item in ${file}`);
      seen.add(parsed.data.id);
      items.push(parsed.data);
    });
  }
  if (items.length === 0 && problems.length === 0) problems.push(`${itemsDir}: no items`);
  if (problems.length > 0 || !meta.success) throw new BankLoadError(dir, problems);
  return { dir, meta: meta.data, items, adaptive: { cutScores: meta.data.cutScores, itemTypeMix: meta.data.typeMix as BankAdaptiveConfig['itemTypeMix'] } };
}

export function engineItems(items: readonly Item[]): EngineItem[] {
  return items.map((i) => ({ id: i.id, skill: i.skill, type: i.type, level: i.level, irt: i.irt, ...(i.enemyGroup ? { enemyGroup: i.enemyGroup } : {}) }));
}

/** A bank ready for delivery: the engine compiled, items by id, audio files located. */
export function loadBank(dir: string, config: AdaptiveConfigInput = {}): LoadedBank {
  const bank = readBank(dir);
  const byId = new Map<string, BankItem>(bank.items.map((i) => [i.id, i]));
  const engine = createAdaptiveEngine({ bankId: bank.meta.language, config: resolveConfig(config, bank.adaptive), items: engineItems(bank.items) });
  const audioDir = path.join(dir, 'audio');
  return {
    id: bank.meta.language,
    engine,
    item: (id) => byId.get(id),
    audioPath(file) {
      // Only plain file names inside the bank's audio folder can be reached.
      if (path.basename(file) !== file) return undefined;
      const full = path.join(audioDir, file);
      return fs.existsSync(full) ? full : undefined;
    },
  };
}

/** Every bank under `dir` (one folder per language with a bank.json), by language. */
export function loadBanks(dir: string): Map<string, LoadedBank> {
  const banks = new Map<string, LoadedBank>();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (!fs.existsSync(path.join(dir, name, 'bank.json'))) continue;
    const bank = loadBank(path.join(dir, name));
    banks.set(bank.id, bank);
  }
  return banks;
}
