/**
 * Reads a bank folder (content/banks/<language>/): bank.json and items/*.json, and parses it with
 * the adaptive engine's schemas. Media and item content are left to the content tooling.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBank, type ParsedBank } from '../domain/adaptive/bank.js';

export async function loadBankFolder(dir: string): Promise<ParsedBank> {
  const meta = JSON.parse(await readFile(join(dir, 'bank.json'), 'utf8')) as unknown;
  const names = (await readdir(join(dir, 'items'))).filter((n) => n.endsWith('.json')).sort();
  const files = await Promise.all(
    names.map(async (n) => ({ name: `items/${n}`, data: JSON.parse(await readFile(join(dir, 'items', n), 'utf8')) as unknown })),
  );
  return parseBank(meta, files);
}
