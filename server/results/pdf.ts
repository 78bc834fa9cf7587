import fs from 'node:fs';
import { languageName } from '../domain/results/credential.js';
import { levelCertainty } from '../domain/results/levels.js';
import type { ResultSheet } from '../domain/results/sheet.js';
import { translate, type Locale } from '../i18n.js';

/**
 * The result sheet (A4 portrait) and the certificate (A4 landscape) as PDFs, drawn with pdfkit's
 * built-in Helvetica (no font files to ship; Latin-1 names) and a vector QR code to the
 * verification page. Both read the same ResultSheet the component shows.
 */
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1d4f91';
const RULE = '#c4c4c4';
const SUCCESS = '#0a6b2d';
const DANGER = '#a4161a';

/**
 * Helvetica and Times only cover Latin-1 (WinAnsi). A name outside it (Łukasz, Ἀλέξανδρος, Дарья)
 * is drawn with DejaVu Sans from Debian's fonts-dejavu-core when installed; without it, such a
 * name would print as wrong glyphs: rather than a wrong certificate, an error naming the package.
 */
const UNICODE_FONT = { regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' };
const WIN_ANSI = /^[\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e]*$/;

/** The font for a piece of free text (a name, a title): the standard one when it can draw it. */
function fontFor(text: string, standard: string, bold: boolean): string {
  if (WIN_ANSI.test(text)) return standard;
  const file = bold ? UNICODE_FONT.bold : UNICODE_FONT.regular;
  if (!fs.existsSync(file)) throw new Error(`the PDF needs ${file} (Debian package fonts-dejavu-core) to print "${text}"`);
  return file;
}

/** pdfkit and qrcode take about half a second to load: loaded by the first PDF, not at start. */
let libraries: Promise<{ PDFDocument: typeof import('pdfkit'); QRCode: typeof import('qrcode') }> | undefined;
type Libraries = Awaited<NonNullable<typeof libraries>>;
const loadLibraries = () =>
  (libraries ??= Promise.all([import('pdfkit'), import('qrcode')]).then(([pdfkit, qrcode]) => ({ PDFDocument: pdfkit.default, QRCode: qrcode.default })));

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Draws the QR code of `url` as vector squares, `size` points wide, top-left at (x, y). */
function drawQr(QRCode: Libraries['QRCode'], doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/** "Label : value" in French, "Label: value" in English. */
function labelled(locale: Locale, label: string, value: string): string {
  return `${label}${locale === 'fr' ? ' : ' : ': '}${value}`;
}

function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(locale === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function meta(sheet: ResultSheet, locale: Locale) {
  const t = (id: string, params: Record<string, string | number> = {}) => translate(locale, id, params);
  const language = languageName(sheet.activity.language, locale);
  return { t, language, certification: t('results:certification', { language: language.charAt(0).toUpperCase() + language.slice(1) }) };
}

export async function resultSheetPdf(sheet: ResultSheet, locale: Locale): Promise<Buffer> {
  const { t, certification } = meta(sheet, locale);
  const { PDFDocument, QRCode } = await loadLibraries();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${t('results:title')} — ${sheet.candidate.name ?? ''}`, Author: sheet.issuer.name, Subject: certification },
  });
  const left = 48;
  const width = doc.page.width - 96;

  // Header: issuer, title, references.
  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc
    .fillColor(ACCENT)
    .font(fontFor(sheet.issuer.name, 'Helvetica-Bold', true))
    .fontSize(11)
    .text(sheet.issuer.name.toUpperCase(), left, 32, { characterSpacing: 1 });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(22).text(t('results:title'), left, 50);
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text(certification, left, 78);
  doc.fontSize(8.5).fillColor(MUTED);
  const refX = left + width - 190;
  doc.text(labelled(locale, t('results:sitting'), sheet.sittingId), refX, 34, { width: 190, align: 'right' });
  doc.text(labelled(locale, t('results:written-date'), formatDate(sheet.writtenAt, locale)), refX, 46, { width: 190, align: 'right' });
  doc.text(labelled(locale, t('results:released-date'), formatDate(sheet.releasedAt, locale)), refX, 58, { width: 190, align: 'right' });
  doc
    .moveTo(left, 100)
    .lineTo(left + width, 100)
    .lineWidth(0.8)
    .strokeColor(RULE)
    .stroke();

  // Candidate and overall level.
  let y = 114;
  doc.fillColor(MUTED).fontSize(8.5).text(t('results:candidate').toUpperCase(), left, y, { characterSpacing: 0.5 });
  const name = sheet.candidate.name ?? '—';
  doc
    .fillColor(INK)
    .font(fontFor(name, 'Helvetica-Bold', true))
    .fontSize(15)
    .text(name, left, y + 12);
  if (sheet.activity.title)
    doc
      .font(fontFor(sheet.activity.title, 'Helvetica', false))
      .fontSize(9.5)
      .fillColor(MUTED)
      .text(sheet.activity.title, left, y + 32);

  if (sheet.invalidated) {
    y += 64;
    doc.rect(left, y, width, 54).lineWidth(1.2).strokeColor(DANGER).stroke();
    doc
      .fillColor(DANGER)
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(t('results:invalidated'), left + 14, y + 12, { width: width - 28 });
    if (sheet.invalidated.reason)
      doc
        .font(fontFor(sheet.invalidated.reason, 'Helvetica', false))
        .fontSize(10)
        .fillColor(INK)
        .text(t('results:invalidated-reason', { reason: sheet.invalidated.reason }), left + 14, y + 32, { width: width - 28 });
    y += 70;
  } else if (sheet.overall) {
    y += 60;
    const boxH = 84;
    doc.rect(left, y, width, boxH).fill('#f2f5fa');
    doc.rect(left, y, 6, boxH).fill(ACCENT);
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8.5)
      .text(t('results:overall').toUpperCase(), left + 20, y + 12, { characterSpacing: 0.5 });
    doc
      .fillColor(ACCENT)
      .font('Helvetica-Bold')
      .fontSize(40)
      .text(sheet.overall, left + 20, y + 26);
    const descX = left + 100;
    doc
      .fillColor(INK)
      .font('Helvetica')
      .fontSize(9)
      .text(t(`cefr:global-${sheet.overall}`), descX, y + 14, { width: width - 100 - 150 });
    const tx = left + width - 140;
    doc
      .fillColor(MUTED)
      .fontSize(8.5)
      .text(t('results:target').toUpperCase(), tx, y + 12, { width: 128, characterSpacing: 0.5 });
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(sheet.activity.targetLevel ?? t('results:target-none'), tx, y + 26, { width: 128 });
    doc
      .fillColor(sheet.targetReached ? SUCCESS : DANGER)
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(t(sheet.targetReached ? 'results:target-reached' : 'results:target-not-reached'), tx, y + 46, { width: 128 });
    const parts = [
      labelled(locale, t('results:written-overall'), sheet.writtenOverall ?? ''),
      sheet.oral ? labelled(locale, t('results:oral-level'), sheet.oral.level) : null,
    ]
      .filter(Boolean)
      .join('    ');
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8.5)
      .text(parts, descX, y + boxH - 20, { width: width - 250 });
    y += boxH + 18;
  }

  // Tables: written skills, then oral criteria.
  const table = (title: string, head: string, rows: { label: string; level: string; note?: string; descriptor: string }[]) => {
    doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(11).text(title, left, y);
    y += 18;
    const c1 = 150;
    const c2 = 70;
    const c3 = width - c1 - c2;
    doc.fillColor(MUTED).font('Helvetica').fontSize(7.5);
    doc.text(head.toUpperCase(), left, y, { width: c1, characterSpacing: 0.4 });
    doc.text(t('results:level').toUpperCase(), left + c1, y, { width: c2, characterSpacing: 0.4 });
    doc.text(t('results:descriptor').toUpperCase(), left + c1 + c2, y, { width: c3, characterSpacing: 0.4 });
    y += 12;
    for (const row of rows) {
      doc
        .moveTo(left, y)
        .lineTo(left + width, y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      y += 5;
      doc.font('Helvetica').fontSize(8.5);
      const h = Math.max(doc.heightOfString(row.descriptor, { width: c3 }), row.note ? 21 : 12);
      doc
        .fillColor(INK)
        .font('Helvetica-Bold')
        .fontSize(9.5)
        .text(row.label, left, y, { width: c1 - 8 });
      doc
        .fillColor(ACCENT)
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(row.level, left + c1, y - 1, { width: c2 });
      if (row.note)
        doc
          .fillColor(MUTED)
          .font('Helvetica')
          .fontSize(7)
          .text(row.note, left + c1, y + 13, { width: c2 - 4 });
      doc
        .fillColor(INK)
        .font('Helvetica')
        .fontSize(8.5)
        .text(row.descriptor, left + c1 + c2, y, { width: c3 });
      y += h + 4;
    }
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    y += 14;
  };

  if (sheet.written.length > 0) {
    table(
      `${t('results:written')} — ${sheet.writtenOverall}`,
      t('results:skill'),
      sheet.written.map((w) => ({
        label: t(`results:skill-${w.skill}`),
        level: w.level,
        note: `${t(`results:sublevel-${w.subLevel}`)} · ${t(`results:certainty-${levelCertainty(w.levelProbability)}`)}`,
        descriptor: t(`cefr:${w.skill}-${w.level}`),
      })),
    );
  }
  if (sheet.oral) {
    table(
      `${t('results:oral')} — ${sheet.oral.level}`,
      t('results:criterion'),
      sheet.oral.criteria.map((c) => ({ label: t(`results:criterion-${c.criterion}`), level: c.level, descriptor: t(`cefr:oral-${c.criterion}-${c.level}`) })),
    );
  } else if (sheet.released && !sheet.invalidated && !sheet.activity.oralRequired) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(9).text(t('results:oral-not-required'), left, y, { width });
    y += 20;
  }

  // Footer: rule, certificate, QR code to the verification page.
  let footY = doc.page.height - 48 - 96;
  if (y > footY - 14) {
    doc.addPage();
    footY = 48;
  }
  doc
    .moveTo(left, footY - 10)
    .lineTo(left + width, footY - 10)
    .lineWidth(0.8)
    .strokeColor(RULE)
    .stroke();
  drawQr(QRCode, doc, sheet.verifyUrl, left + width - 86, footY, 86);
  const textW = width - 100;
  doc.fillColor(INK).font('Helvetica').fontSize(8.5);
  let fy = footY;
  const line = (text: string, options: PDFKit.Mixins.TextOptions = {}) => {
    doc.text(text, left, fy, { width: textW, ...options });
    fy = doc.y + 4;
  };
  if (sheet.overall) line(t(sheet.activity.oralRequired ? 'results:rule' : 'results:rule-written-only'));
  if (sheet.released && !sheet.invalidated) {
    doc.font('Helvetica-Bold');
    line(
      sheet.certificate
        ? `${t(sheet.certificate.revoked ? 'results:certificate-revoked' : 'results:certificate-issued')} ${t('certificate:id')} ${sheet.certificate.id}`
        : t('results:certificate-none'),
    );
  }
  doc.font('Helvetica').fillColor(MUTED).fontSize(8);
  line(t('results:footer'));
  doc.fillColor(ACCENT);
  line(sheet.verifyUrl, { link: sheet.verifyUrl });
  return toBuffer(doc);
}

/** The certificate, for those who reached the target: landscape, the overall level, the levels per part, the QR code. */
export async function certificatePdf(sheet: ResultSheet, locale: Locale): Promise<Buffer> {
  if (!sheet.certificate || !sheet.overall) throw new Error('no certificate for this result');
  const { t, language, certification } = meta(sheet, locale);
  const { PDFDocument, QRCode } = await loadLibraries();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `${t('certificate:title')} — ${sheet.candidate.name ?? ''}`, Author: sheet.issuer.name, Subject: certification },
  });
  const W = doc.page.width;
  const H = doc.page.height;
  doc
    .rect(24, 24, W - 48, H - 48)
    .lineWidth(2)
    .strokeColor(ACCENT)
    .stroke();
  doc
    .rect(32, 32, W - 64, H - 64)
    .lineWidth(0.6)
    .strokeColor(ACCENT)
    .stroke();

  doc
    .fillColor(ACCENT)
    .font(fontFor(sheet.issuer.name, 'Helvetica-Bold', true))
    .fontSize(12)
    .text(sheet.issuer.name.toUpperCase(), 0, 70, { width: W, align: 'center', characterSpacing: 2 });
  doc.fillColor(INK).font('Times-Bold').fontSize(40).text(t('certificate:title'), 0, 96, { width: W, align: 'center' });
  doc.font('Helvetica').fontSize(12).fillColor(MUTED).text(certification, 0, 146, { width: W, align: 'center' });
  doc.fontSize(12).fillColor(INK).text(t('certificate:awarded'), 0, 190, { width: W, align: 'center' });
  const name = sheet.candidate.name ?? '—';
  doc
    .font(fontFor(name, 'Times-BoldItalic', true))
    .fontSize(30)
    .text(name, 0, 212, { width: W, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(13)
    .text(t('certificate:achieved', { level: sheet.overall, language }), 0, 258, { width: W, align: 'center' });
  doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(54).text(sheet.overall, 0, 284, { width: W, align: 'center' });

  // The levels per part, on one line.
  const parts = [
    ...sheet.written.map((w) => `${t(`results:skill-${w.skill}`)} ${w.level}`),
    ...(sheet.oral ? [`${t('results:oral')} ${sheet.oral.level}`] : []),
  ];
  doc
    .fillColor(INK)
    .font('Helvetica')
    .fontSize(9.5)
    .text(parts.join('   ·   '), 90, 360, { width: W - 180, align: 'center' });

  const baseY = H - 150;
  doc.fillColor(MUTED).font('Helvetica').fontSize(9);
  doc.text(labelled(locale, t('verify:issued'), formatDate(sheet.releasedAt, locale)), 80, baseY + 20);
  doc.text(`${t('certificate:id')} ${sheet.certificate.id}`, 80, baseY + 34);
  doc.text(labelled(locale, t('results:sitting'), sheet.sittingId), 80, baseY + 48);
  doc.text(t('certificate:valid-for-life', { url: sheet.verifyUrl }), 80, baseY + 62, { width: W - 300, link: sheet.verifyUrl });
  drawQr(QRCode, doc, sheet.verifyUrl, W - 80 - 96, baseY, 96);
  return toBuffer(doc);
}
