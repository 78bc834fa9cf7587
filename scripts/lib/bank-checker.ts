import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { LEVELS, SKILLS, type CefrLevel as Level } from '../../server/domain/cefr.js';
import { itemTypePlugin } from '../../plugin/item-types/index.js';
import { bankMetaSchema, itemSchema } from '../../plugin/item-types/item-schema.js';
import { provisionalIrt, scoring } from '../../plugin/item-types/provisional-irt.js';
import { itemFiles } from './bank-files.js';
import { audioDurationSeconds } from './audio-duration.js';
import { saneRange } from './time-limits.js';
import { audioSourceHash } from './audio-config.js';

/**
 * The bank checker: everything that can be wrong with a language bank before candidates see it.
 * checkBank() gathers findings; formatReport() turns them into the readable report of `npm run bank:check`.
 */

export type Category = 'bank' | 'json' | 'schema' | 'key' | 'blanks' | 'ids' | 'counts' | 'duplicate' | 'audio' | 'time' | 'irt';

export const CATEGORY_TITLES: Record<Category, string> = {
  bank: 'bank.json',
  json: 'unreadable item files',
  schema: 'item schema',
  key: 'keys and options',
  blanks: 'blanks and placeholders',
  ids: 'item ids',
  counts: 'counts against the minimums',
  duplicate: 'duplicate or near-duplicate stems',
  audio: 'audio files',
  time: 'time limits',
  irt: 'IRT parameters',
};

export interface Finding {
  severity: 'error' | 'warning';
  category: Category;
  /** Item id(s) or file concerned. */
  where: string;
  message: string;
}

export interface CheckOptions {
  minPerSkill?: number;
  minPerLevel?: number;
  /** Similarity (0..1) from which two stems are reported as near-duplicates (error); warnings from warnAt. */
  duplicateAt?: number;
  warnAt?: number;
}

export interface BankReport {
  bankDir: string;
  language?: string;
  itemCount: number;
  findings: Finding[];
  /** counts[skill][level] and types[skill][type]. */
  counts: Record<string, Record<string, number>>;
  types: Record<string, Record<string, number>>;
  audio: { files: number; bytes: number; seconds: number };
}

type Loose = Record<string, unknown>;
type ParsedItem = z.infer<typeof itemSchema>;

export function checkBank(bankDir: string, options: CheckOptions = {}): BankReport {
  const minPerSkill = options.minPerSkill ?? 60;
  const minPerLevel = options.minPerLevel ?? 8;
  const duplicateAt = options.duplicateAt ?? 0.8;
  const warnAt = options.warnAt ?? 0.6;
  const findings: Finding[] = [];
  const error = (category: Category, where: string, message: string): void => void findings.push({ severity: 'error', category, where, message });
  const warn = (category: Category, where: string, message: string): void => void findings.push({ severity: 'warning', category, where, message });
  const report: BankReport = { bankDir, itemCount: 0, findings, counts: {}, types: {}, audio: { files: 0, bytes: 0, seconds: 0 } };

  // bank.json
  const metaPath = join(bankDir, 'bank.json');
  let typeMix: Record<string, Record<string, number>> = {};
  if (!existsSync(metaPath)) error('bank', metaPath, 'bank.json is missing');
  else {
    try {
      const meta = bankMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
      if (!meta.success) for (const issue of meta.error.issues) error('bank', 'bank.json', `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      else {
        report.language = meta.data.language;
        typeMix = meta.data.typeMix;
        const expected = [-1.5, -0.75, 0, 0.75, 1.5];
        if (meta.data.cutScores.some((c, i) => Math.abs(c - expected[i]!) > 1e-9)) {
          warn(
            'bank',
            'bank.json',
            `cut scores ${JSON.stringify(meta.data.cutScores)} differ from those the provisional rule assumes ${JSON.stringify(expected)}`,
          );
        }
      }
    } catch (e) {
      error('bank', 'bank.json', `not valid JSON: ${(e as Error).message}`);
    }
  }

  // items
  const items: ParsedItem[] = [];
  const seenIds = new Map<string, string>();
  const files = itemFiles(bankDir);
  if (files.length === 0) error('json', join(bankDir, 'items'), 'no item files (items/<skill>.json)');
  for (const file of files) {
    const name = basename(file.path);
    if (!Array.isArray(file.items)) {
      error('json', name, file.parseError ? `not valid JSON: ${file.parseError}` : 'must contain a JSON array of items');
      continue;
    }
    const fileSkill = name.replace(/\.json$/, '');
    if (!(SKILLS as readonly string[]).includes(fileSkill)) warn('json', name, `file name is not a skill (${SKILLS.join(', ')})`);
    (file.items as unknown[]).forEach((raw, index) => {
      const id = typeof (raw as Loose)?.id === 'string' ? ((raw as Loose).id as string) : `${name}[${index}]`;
      report.itemCount++;
      if (seenIds.has(id)) error('ids', id, `id used twice (${seenIds.get(id)} and ${name})`);
      seenIds.set(id, name);
      const parsed = itemSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const check = (issue as { params?: { check?: string } }).params?.check;
          const category: Category = check === 'key' ? 'key' : check === 'blanks' ? 'blanks' : 'schema';
          error(category, id, `${issue.path.join('.') || '(item)'}: ${issue.message}`);
        }
        return;
      }
      const item = parsed.data;
      if (item.skill !== fileSkill) error('schema', id, `skill "${item.skill}" but stored in ${name}`);
      // The type's own authoring checks, beyond its schema (e.g. options that differ only by case).
      for (const problem of itemTypePlugin(item.type)!.authoringChecks(item.content)) error('key', id, `content.${problem}`);
      items.push(item);
    });
  }

  // counts per skill × level × type
  for (const skill of SKILLS) {
    report.counts[skill] = Object.fromEntries(LEVELS.map((l) => [l, 0]));
    report.types[skill] = {};
  }
  for (const item of items) {
    report.counts[item.skill]![item.level]!++;
    report.types[item.skill]![item.type] = (report.types[item.skill]![item.type] ?? 0) + 1;
  }
  for (const skill of SKILLS) {
    const total = Object.values(report.counts[skill]!).reduce((a, b) => a + b, 0);
    if (total < minPerSkill) error('counts', skill, `${total} valid items, at least ${minPerSkill} needed`);
    for (const level of LEVELS) {
      const n = report.counts[skill]![level]!;
      if (n < minPerLevel) error('counts', `${skill} ${level}`, `${n} valid items, at least ${minPerLevel} needed per level`);
    }
    for (const type of Object.keys(typeMix[skill] ?? {})) {
      if (!report.types[skill]![type]) error('counts', `${skill} ${type}`, `bank.json mixes in ${type} for ${skill}, but the bank has no such item`);
    }
    for (const type of Object.keys(report.types[skill]!)) {
      if (Object.keys(typeMix).length > 0 && !(type in (typeMix[skill] ?? {})))
        warn('counts', `${skill} ${type}`, `${type} items exist but bank.json's type mix for ${skill} does not include ${type}`);
    }
  }

  // duplicate or near-duplicate stems
  const stems = items.map((item) => ({ id: item.id, shingles: shingles(stemOf(item)) }));
  for (let i = 0; i < stems.length; i++) {
    for (let j = i + 1; j < stems.length; j++) {
      const sim = dice(stems[i]!.shingles, stems[j]!.shingles);
      if (sim >= duplicateAt) error('duplicate', `${stems[i]!.id} ~ ${stems[j]!.id}`, `stems are ${Math.round(sim * 100)}% similar`);
      else if (sim >= warnAt)
        warn('duplicate', `${stems[i]!.id} ~ ${stems[j]!.id}`, `stems are ${Math.round(sim * 100)}% similar: check they are not the same item`);
    }
  }

  // audio, time limits, IRT
  const audioDir = join(bankDir, 'audio');
  const manifestPath = join(audioDir, 'manifest.json');
  const manifest: Record<string, string> = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  const usedAudio = new Set<string>();
  for (const item of items) {
    const content = item.content as Loose;
    const plugin = itemTypePlugin(item.type)!;
    const audioFile = plugin.audioFile?.(plugin.contentSchema.parse(item.content));
    let audioSeconds: number | undefined;
    if (audioFile !== undefined) {
      const file = audioFile;
      usedAudio.add(file);
      const path = join(audioDir, file);
      if (!existsSync(path)) error('audio', item.id, `audio file audio/${file} is missing (run scripts/bank-audio.ts)`);
      else {
        audioSeconds = audioDurationSeconds(path);
        if (audioSeconds === undefined) error('audio', item.id, `cannot read the duration of audio/${file}: not an MP3 or Ogg Opus file?`);
        else {
          report.audio.files++;
          report.audio.bytes += readFileSync(path).length;
          report.audio.seconds += audioSeconds;
          if (audioSeconds < 2 || audioSeconds > 120) warn('audio', item.id, `audio/${file} lasts ${audioSeconds.toFixed(1)} s (expected 2 to 120 s)`);
          if (manifest[file] !== undefined && manifest[file] !== audioSourceHash(content.transcript)) {
            warn('audio', item.id, `the transcript changed since audio/${file} was generated (run scripts/bank-audio.ts)`);
          }
        }
      }
    }
    if (audioFile === undefined || audioSeconds !== undefined) {
      const { min, max } = saneRange(item.type, item.content, audioSeconds ?? 0);
      if (item.timeLimitSeconds < min)
        error('time', item.id, `${item.timeLimitSeconds} s is too short for this ${describe(item, audioSeconds)} (at least ${min} s)`);
      else if (item.timeLimitSeconds > max)
        error('time', item.id, `${item.timeLimitSeconds} s is far too long for this ${describe(item, audioSeconds)} (at most ${max} s)`);
    }
    checkIrt(item, error);
  }
  if (existsSync(audioDir)) {
    for (const f of readdirSync(audioDir)) {
      if (/\.(mp3|opus|ogg)$/.test(f) && !usedAudio.has(f)) warn('audio', `audio/${f}`, 'no item uses this file');
    }
  }
  return report;
}

function describe(item: ParsedItem, audioSeconds?: number): string {
  const words = JSON.stringify(item.content).split(/\s+/).length;
  return audioSeconds !== undefined ? `${audioSeconds.toFixed(1)} s audio heard twice plus the task` : `${item.type} (~${words} words)`;
}

function checkIrt(item: ParsedItem, error: (c: Category, where: string, m: string) => void): void {
  const { points } = scoring(item);
  const irt = item.irt;
  if (points > 1 && irt.model !== 'GPCM') error('irt', item.id, `scored on ${points} points, so its model must be GPCM, not ${irt.model}`);
  if (points <= 1 && irt.model !== '3PL') error('irt', item.id, `scored right/wrong, so its model must be 3PL, not ${irt.model}`);
  if (irt.model === 'GPCM' && irt.steps.length !== points) error('irt', item.id, `${irt.steps.length} GPCM steps for ${points} score points`);
  if (irt.status !== 'provisional') return;
  const expected = provisionalIrt(item);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-3;
  const same =
    expected.model === irt.model &&
    close(expected.a, irt.a) &&
    (expected.model === '3PL' && irt.model === '3PL'
      ? close(expected.b, irt.b) && close(expected.c, irt.c)
      : expected.model === 'GPCM' &&
        irt.model === 'GPCM' &&
        expected.steps.length === irt.steps.length &&
        expected.steps.every((s, k) => close(s, irt.steps[k]!)));
  if (!same) {
    error(
      'irt',
      item.id,
      `provisional parameters ${JSON.stringify(strip(irt))} do not follow the rule for level ${item.level as Level}: expected ${JSON.stringify(strip(expected))} (run scripts/bank-provisional.ts)`,
    );
  }
}

const strip = (irt: Loose): Loose => Object.fromEntries(Object.entries(irt).filter(([k]) => k !== 'status'));

/** The text that makes an item what it is, for duplicate detection (its type's plugin says which). */
export function stemOf(item: { type: string; content: unknown }): string {
  const plugin = itemTypePlugin(item.type);
  const parsed = plugin?.contentSchema.safeParse(item.content);
  return plugin && parsed?.success ? plugin.stem(parsed.data) : '';
}

/** Word bigrams of a normalised text (lower case, no punctuation, placeholders dropped). */
export function shingles(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/\{\d+\}/g, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out = new Set<string>();
  if (words.length === 1) out.add(words[0]!);
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** Sørensen–Dice similarity of two shingle sets (1 = same text). */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const s of a) if (b.has(s)) common++;
  return (2 * common) / (a.size + b.size);
}

/** The readable report printed by `npm run bank:check`. */
export function formatReport(report: BankReport): string {
  const lines: string[] = [];
  const errors = report.findings.filter((f) => f.severity === 'error');
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  lines.push(`Bank ${report.bankDir}${report.language ? ` (${report.language})` : ''}: ${report.itemCount} items`);
  lines.push('');
  lines.push(`Items per skill and level   ${LEVELS.map((l) => l.padStart(4)).join('')}  total`);
  for (const skill of SKILLS) {
    const row = LEVELS.map((l) => report.counts[skill]?.[l] ?? 0);
    lines.push(`  ${skill.padEnd(26)}${row.map((n) => String(n).padStart(4)).join('')}  ${String(row.reduce((a, b) => a + b, 0)).padStart(5)}`);
  }
  lines.push('Item types per skill');
  for (const skill of SKILLS) {
    const types = Object.entries(report.types[skill] ?? {}).sort(([a], [b]) => a.localeCompare(b));
    lines.push(`  ${skill.padEnd(12)} ${types.map(([t, n]) => `${t} ${n}`).join(', ') || '(none)'}`);
  }
  if (report.audio.files > 0) {
    lines.push(`Audio: ${report.audio.files} files, ${(report.audio.seconds / 60).toFixed(1)} min, ${(report.audio.bytes / 1024 / 1024).toFixed(2)} MB`);
  }
  for (const [title, list] of [
    ['ERRORS', errors],
    ['WARNINGS', warnings],
  ] as const) {
    if (list.length === 0) continue;
    lines.push('', `${title} (${list.length})`);
    for (const category of Object.keys(CATEGORY_TITLES) as Category[]) {
      const group = list.filter((f) => f.category === category);
      if (group.length === 0) continue;
      lines.push(`  ${CATEGORY_TITLES[category]} (${group.length})`);
      for (const f of group) lines.push(`    ${f.where}: ${f.message}`);
    }
  }
  lines.push('');
  lines.push(errors.length === 0 ? `OK: no errors, ${warnings.length} warning(s)` : `FAILED: ${errors.length} error(s), ${warnings.length} warning(s)`);
  return lines.join('\n');
}
