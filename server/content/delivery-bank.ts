/**
 * Loads a language bank for delivery: every item validated by the common schema and its type's
 * content schema (the same checks as `npm run bank:check`), the adaptive engine compiled over it,
 * and its audio files located. Done once at start; a bank that does not validate stops the start
 * with the list of problems.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../domain/adaptive/config.js';
import { createAdaptiveEngine } from '../domain/adaptive/session.js';
import type { BankItem, LoadedBank } from '../domain/delivery/ports.js';
import { bankMetaSchema, itemSchema } from '../../plugin/item-types/item-schema.js';

export class BankLoadError extends Error {
  constructor(
    readonly bankDir: string,
    readonly problems: string[],
  ) {
    super(`The item bank in ${bankDir} is not valid (${problems.length} problem(s)); run npm run bank:check for the full report:\n${problems.slice(0, 10).join('\n')}`);
    this.name = 'BankLoadError';
  }
}

export function loadDeliveryBank(dir: string): LoadedBank {
  const problems: string[] = [];
  const metaParsed = bankMetaSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'bank.json'), 'utf8')));
  if (!metaParsed.success) throw new BankLoadError(dir, metaParsed.error.issues.map((i) => `bank.json ${i.path.join('.')}: ${i.message}`));
  const meta = metaParsed.data;
  const items = new Map<string, BankItem & { irt: unknown; enemyGroup?: string }>();
  const itemsDir = path.join(dir, 'items');
  for (const file of fs.readdirSync(itemsDir).filter((f) => f.endsWith('.json')).sort()) {
    const raw = JSON.parse(fs.readFileSync(path.join(itemsDir, file), 'utf8')) as unknown[];
    raw.forEach((candidate, index) => {
      const parsed = itemSchema.safeParse(candidate);
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `items/${file}[${index}] ${i.path.join('.')}: ${i.message}`));
        return;
      }
      if (items.has(parsed.data.id)) problems.push(`items/${file}[${index}]: duplicate id ${parsed.data.id}`);
      items.set(parsed.data.id, parsed.data as BankItem & { irt: unknown });
    });
  }
  if (problems.length > 0) throw new BankLoadError(dir, problems);

  const config = resolveConfig({}, { cutScores: meta.cutScores, itemTypeMix: meta.typeMix as Record<string, Record<string, number>> });
  const engine = createAdaptiveEngine({
    bankId: meta.language,
    config,
    items: [...items.values()].map((i) => ({ id: i.id, skill: i.skill, type: i.type, irt: i.irt as never, ...(i.enemyGroup ? { enemyGroup: i.enemyGroup } : {}) })),
  });
  const audioDir = path.join(dir, 'audio');
  return {
    id: meta.language,
    engine,
    item: (id) => items.get(id),
    audioPath(file) {
      // Only plain file names of the bank's audio folder: nothing outside it can be reached.
      if (path.basename(file) !== file) return undefined;
      const full = path.join(audioDir, file);
      return fs.existsSync(full) ? full : undefined;
    },
  };
}
