import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResult, recordOral, release } from '../../../server/domain/results/result.js';
import { buildSheet } from '../../../server/domain/results/sheet.js';
import { certificatePdf, resultSheetPdf } from '../../../server/results/pdf.js';
import { tempDir } from '../../support/config.js';
import { openInput, oralGrade } from '../../support/results.js';

const issuer = {
  id: 'https://cadre.example.org/certificates/issuer',
  type: ['Profile'] as ['Profile'],
  name: 'Centre de langues de Lyon',
  url: 'https://cadre.example.org',
};

function sheetFor(name: string) {
  const input = openInput();
  const r = release(
    recordOral(
      openResult({ ...input, candidate: { ...input.candidate, name } }, new Date('2026-03-02T09:00:00Z')),
      oralGrade('C1'),
      new Date('2026-03-03T10:00:00Z'),
    ),
    new Date('2026-03-04T10:00:00Z'),
  );
  const cert = {
    id: '3f6c2a9e-1b7d-4c55-9a3e-2d8f0b1c4e77',
    resultId: r.id,
    statusList: '1',
    statusIndex: 5,
    jwt: 'x',
    issuedAt: r.releasedAt!,
    revokedAt: null,
    revocationReason: null,
    revokedBy: null,
  };
  return buildSheet(r, cert, issuer, 'https://cadre.example.org');
}

function text(pdf: Buffer): string {
  const file = path.join(tempDir('cadre-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('result sheet and certificate PDFs', () => {
  it('print a name outside Latin-1 as it is written', async () => {
    const sheet = sheetFor('Łukasz Żółkiewski-Дарья');
    expect(text(await resultSheetPdf(sheet, 'fr'))).toContain('Łukasz Żółkiewski-Дарья');
    expect(text(await certificatePdf(sheet, 'en'))).toContain('Łukasz Żółkiewski-Дарья');
  });

  it('fit the result sheet on one page, in both languages', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const pdf = await resultSheetPdf(sheetFor('Camille Martin'), locale);
      const file = path.join(tempDir('cadre-pdf-'), 'doc.pdf');
      fs.writeFileSync(file, pdf);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
      expect(text(pdf)).toMatch(locale === 'fr' ? /NIVEAU GLOBAL/ : /OVERALL LEVEL/);
    }
  });
});
