import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkBank, formatReport, type BankReport, type Category } from '../../scripts/lib/bank-checker.js';

const BANK = 'content/banks/en';

/** Runs the real command, as CI does. */
function runBankCheck(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bank-check.ts', dir], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

type Item = Record<string, unknown> & { id: string; content: Record<string, unknown> };
const readItems = (dir: string, skill: string): Item[] => JSON.parse(readFileSync(join(dir, 'items', `${skill}.json`), 'utf8')) as Item[];
const writeItems = (dir: string, skill: string, items: Item[]): void => writeFileSync(join(dir, 'items', `${skill}.json`), JSON.stringify(items));
const errorsOf = (report: BankReport, category: Category) => report.findings.filter((f) => f.severity === 'error' && f.category === category);

describe('bank checker on the English bank', () => {
  it('passes: every skill has 60+ items, 8+ per level, audio present, no errors', () => {
    const report = checkBank(BANK);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.itemCount).toBeGreaterThanOrEqual(300);
    for (const skill of ['vocabulary', 'grammar', 'expressions', 'reading', 'listening']) {
      const perLevel = Object.values(report.counts[skill]!);
      expect(perLevel.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
      expect(Math.min(...perLevel)).toBeGreaterThanOrEqual(8);
    }
    expect(report.audio.files).toBe(report.counts.listening ? Object.values(report.counts.listening).reduce((a, b) => a + b, 0) : 0);
  });

  it('exits 0 from the command line and prints the counts', () => {
    const { status, out } = runBankCheck(BANK);
    expect(out).toContain('Items per skill and level');
    expect(out).toMatch(/OK: no errors/);
    expect(status).toBe(0);
  });
});

describe('bank checker on a copy with one broken item of each kind', () => {
  let dir: string;
  let report: BankReport;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bank-check-'));
    cpSync(BANK, dir, { recursive: true });

    const voc = readItems(dir, 'vocabulary');
    delete voc[0]!.level; // bad schema: en-voc-001 has no level
    const blank = (voc[1]!.content.blanks as { answer: string }[])[0]!;
    blank.answer = 'fone'; // missing key: en-voc-002's answer is not among its options
    writeItems(dir, 'vocabulary', voc);

    const grammar = readItems(dir, 'grammar');
    const a1 = grammar
      .filter((i) => i.level === 'A1')
      .slice(0, 4)
      .map((i) => i.id);
    writeItems(
      dir,
      'grammar',
      grammar.filter((i) => !a1.includes(i.id)),
    ); // too few items: grammar A1 drops to 7

    const exp = readItems(dir, 'expressions');
    const copy = structuredClone(exp.find((i) => i.id === 'en-exp-010')!);
    copy.id = 'en-exp-099'; // duplicate stem: same sentence, one word changed
    copy.content.text = String(copy.content.text).replace('this morning', 'today');
    exp.push(copy);
    writeItems(dir, 'expressions', exp);

    unlinkSync(join(dir, 'audio', 'en-lis-005.mp3')); // missing audio

    const reading = readItems(dir, 'reading');
    reading.find((i) => i.id === 'en-rea-045')!.timeLimitSeconds = 12; // absurd time limit for a 100-word passage
    writeItems(dir, 'reading', reading);

    report = checkBank(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the item without a level as a schema error', () => {
    expect(errorsOf(report, 'schema')).toEqual([expect.objectContaining({ where: 'en-voc-001', message: expect.stringContaining('level') })]);
  });

  it('reports the answer that is not among the options', () => {
    expect(errorsOf(report, 'key')).toEqual([
      expect.objectContaining({ where: 'en-voc-002', message: expect.stringMatching(/answer "fone" of blank \{1\} is not one of its options/) }),
    ]);
  });

  it('reports too few items for grammar A1', () => {
    expect(errorsOf(report, 'counts')).toEqual([expect.objectContaining({ where: 'grammar A1', message: '7 valid items, at least 8 needed per level' })]);
  });

  it('reports the near-duplicate stem', () => {
    expect(errorsOf(report, 'duplicate')).toEqual([expect.objectContaining({ where: 'en-exp-010 ~ en-exp-099', message: expect.stringMatching(/similar/) })]);
  });

  it('reports the missing audio file', () => {
    expect(errorsOf(report, 'audio')).toEqual([
      expect.objectContaining({ where: 'en-lis-005', message: expect.stringContaining('audio/en-lis-005.mp3 is missing') }),
    ]);
  });

  it('reports the absurd time limit', () => {
    expect(errorsOf(report, 'time')).toEqual([expect.objectContaining({ where: 'en-rea-045', message: expect.stringMatching(/12 s is too short/) })]);
  });

  it('reports nothing else as an error, and the report groups errors by kind with item ids', () => {
    const categories = new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.category));
    expect([...categories].sort()).toEqual(['audio', 'counts', 'duplicate', 'key', 'schema', 'time']);
    const text = formatReport(report);
    expect(text).toMatch(/ERRORS \(6\)/);
    expect(text).toMatch(/keys and options \(1\)\n\s+en-voc-002:/);
    expect(text).toMatch(/FAILED: 6 error\(s\)/);
  });

  it('exits non-zero from the command line', () => {
    const { status, out } = runBankCheck(dir);
    expect(out).toContain('FAILED');
    expect(status).toBe(1);
  });

  it('flags provisional IRT parameters that do not follow the level rule', () => {
    const listening = readItems(dir, 'listening');
    (listening[0]!.irt as { b: number }).b = 0.9;
    writeItems(dir, 'listening', listening);
    expect(errorsOf(checkBank(dir), 'irt')).toEqual([
      expect.objectContaining({ where: 'en-lis-001', message: expect.stringContaining('do not follow the rule for level A1') }),
    ]);
  });
});
