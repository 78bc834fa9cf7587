import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Helpers shared by the bank scripts: read and write the item files of a bank folder. */

export const ITEM_KEY_ORDER = ['id', 'skill', 'type', 'level', 'timeLimitSeconds', 'enemyGroup', 'instruction', 'irt', 'content'];

export interface ItemFile {
  path: string;
  /** Parsed JSON, or undefined when the file is not valid JSON. */
  items: unknown;
  parseError?: string;
}

export function itemFiles(bankDir: string): ItemFile[] {
  const dir = join(bankDir, 'items');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      try {
        return { path, items: JSON.parse(readFileSync(path, 'utf8')) as unknown };
      } catch (e) {
        return { path, items: undefined, parseError: (e as Error).message };
      }
    });
}

/** Puts an item's keys in the documented order (unknown keys last, so nothing is lost). */
export function orderKeys(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ITEM_KEY_ORDER) if (k in item) out[k] = item[k];
  for (const k of Object.keys(item)) if (!(k in out)) out[k] = item[k];
  return out;
}

/**
 * JSON formatted for people: one item per block, short arrays and small objects on one line,
 * so a bank of 300 items stays easy to read and to diff.
 */
export function formatJson(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object') return flat;
  if (flat.length + indent.length <= 110) return inline(value);
  if (Array.isArray(value)) {
    return '[\n' + value.map((v) => inner + formatJson(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return '{\n' + entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n') + '\n' + indent + '}';
}

/** One-line JSON with a space after ':' and ',' (built structurally, so string contents are untouched). */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(inline).join(', ') + ']';
  return (
    '{' +
    Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ') +
    '}'
  );
}

export function writeItems(path: string, items: unknown[]): void {
  writeFileSync(path, formatJson(items) + '\n');
}
