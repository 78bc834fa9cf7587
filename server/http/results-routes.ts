import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ORAL, SKILLS } from '../domain/cefr.js';
import { credentialLevels, type OpenBadgeCredential } from '../domain/results/credential.js';
import type { ResultsService, VerificationReport } from '../domain/results/results-service.js';
import { buildSheet, type ResultSheet } from '../domain/results/sheet.js';
import type { CertificationResult } from '../domain/results/types.js';
import { CHECKS } from '../domain/results/vc-jwt.js';
import { AppError } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import { certificatePdf, resultSheetPdf } from '../results/pdf.js';
import { SHARE_CARD, shareCardPng } from '../results/share-card.js';
import { html, sendPage, type Html } from './html.js';
import { requestLocale } from './locale.js';
import { requireStaff } from './principal.js';
import type { LinkSigner } from './signed-links.js';
import { validate } from './validate.js';

const signatureQuery = (req: Request) => new URLSearchParams({ exp: String(req.query.exp), sig: String(req.query.sig) }).toString();

export interface ResultsRoutesDeps {
  results: ResultsService;
  publicUrl: string;
  /** Verifies the signed links of the result e-mails (opened from a mail client, without a session). */
  links?: LinkSigner;
}

/** What a signed link to a result opens: its sheet page, its JSON and its PDF, nothing else. */
export const resultLinkSubject = (resultId: string) => `result:${resultId}`;

const idParams = z.object({ id: z.string().regex(/^[\w-]{8,64}$/) });

/**
 * Results for the people entitled to them (the candidate, the activity's instructors, reviewers
 * and centre admins), and the public side of certificates: verification page and API, issuer
 * profile, public keys, revocation status list, share and QR links. Revocation by a centre admin.
 */
export function resultsRoutes(deps: ResultsRoutesDeps): Router {
  const router = Router();
  const { results } = deps;

  /** A live signed link (a result e-mail's) to this result. */
  const signed = (req: Request, r: CertificationResult) => deps.links?.verify(resultLinkSubject(r.id), req.query) ?? false;

  /** Throws unless the requester may read this result. */
  function authorize(req: Request, r: CertificationResult): void {
    if (signed(req, r)) return;
    const p = req.principal;
    if (!p) throw new AppError('error:unauthenticated', {}, 401);
    if (p.kind === 'staff' && (p.role === 'reviewer' || p.role === 'centre-admin')) return;
    if (p.kind === 'lti' && p.role === 'candidate' && p.userId === r.userId) return;
    if (p.kind === 'lti' && (p.role === 'instructor' || p.role === 'admin') && p.contextId === r.activity.contextId) return;
    throw new AppError('error:forbidden', {}, 403);
  }

  async function sheetFor(r: CertificationResult): Promise<ResultSheet> {
    return buildSheet(r, await results.certificateForResult(r.id), results.issuer(), deps.publicUrl);
  }

  async function readable(req: Request): Promise<CertificationResult> {
    const { params } = validate(req, { params: idParams });
    const r = await results.get(params.id);
    authorize(req, r);
    return r;
  }

  // --- the result sheet ------------------------------------------------------------------

  router.get('/api/results/mine', async (req, res) => {
    const p = req.principal;
    if (!p) throw new AppError('error:unauthenticated', {}, 401);
    if (p.kind !== 'lti' || p.role !== 'candidate' || !p.activityId) throw new AppError('error:forbidden', {}, 403);
    const r = await results.findFor(p.activityId, p.userId);
    if (!r) throw new AppError('result:not-found', {}, 404);
    res.json(await sheetFor(r));
  });

  router.get('/api/results/:id', async (req, res) => {
    const r = await readable(req);
    const sheet = await sheetFor(r);
    // Opened from an e-mail's signed link: the sheet's PDF link carries the same signature.
    if (signed(req, r)) sheet.pdfUrl = `${sheet.pdfUrl}?${signatureQuery(req)}`;
    res.json(sheet);
  });

  router.get('/results/:id', async (req, res) => {
    const r = await readable(req);
    const locale = requestLocale(req);
    // A signed link's page reads the sheet with the same signature (the mail client's browser has no session).
    const src = signed(req, r) ? `/api/results/${r.id}?${signatureQuery(req)}` : '';
    sendPage(res, {
      lang: locale,
      title: translate(locale, 'results:title'),
      // The sheet is its own document: its title is the page's one level-1 heading.
      body: html`<cadre-result-sheet result-id="${r.id}" lang="${locale}"${src && html` src="${src}"`}></cadre-result-sheet>`,
    });
  });

  router.get('/results/:id/sheet.pdf', async (req, res) => {
    const r = await readable(req);
    // No partial result: a sheet without levels is not a document to print.
    if (r.state !== 'released') throw new AppError('result:not-released', {}, 409);
    const locale = requestLocale(req);
    const pdf = await resultSheetPdf(await sheetFor(r), locale);
    res
      .type('application/pdf')
      .set('content-disposition', `inline; filename="result-${r.id}-${locale}.pdf"`)
      .set('cache-control', 'private, no-store')
      .send(pdf);
  });

  // --- the issuer: profile, keys, status list -------------------------------------------

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(results.jwks());
  });

  router.get('/certificates/issuer', (req, res) => {
    const issuer = results.issuer();
    if (req.accepts(['html', 'json']) !== 'html') {
      res
        .type('application/json')
        .json({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], ...issuer });
      return;
    }
    const locale = requestLocale(req);
    const t = (id: string, params: Record<string, string | number> = {}) => translate(locale, id, params);
    sendPage(res, {
      lang: locale,
      title: translate(locale, 'issuer:title'),
      body: html`<h1>${t('issuer:title')}</h1>
<p><strong>${issuer.name}</strong> — <a href="${issuer.url}">${issuer.url}</a></p>
<p>${t('issuer:intro', { name: issuer.name })}</p>
<h2>${t('issuer:keys')}</h2>
<p><a href="/.well-known/jwks.json">/.well-known/jwks.json</a></p>
<pre>${JSON.stringify(results.jwks(), null, 2)}</pre>
<h2>${t('issuer:status-list')}</h2>
<p><a href="/certificates/status/1">/certificates/status/1</a></p>
<p><a href="/verify">${t('verify:title')}</a></p>`,
    });
  });

  router.get('/certificates/status/:list', async (req, res) => {
    const { params } = validate(req, { params: z.object({ list: z.string().regex(/^\d{1,6}$/) }) });
    const list = await results.statusList(params.list);
    res.set('cache-control', 'public, max-age=60');
    if (req.accepts(['application/vc+jwt', 'json']) === 'json') res.json(list.credential);
    else res.type('application/vc+jwt').send(list.jwt);
  });

  // --- certificates -----------------------------------------------------------------------

  router.get('/certificates/:id', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    const c = await results.certificate(params.id);
    if (req.accepts(['application/vc+jwt', 'html']) === 'html') {
      res.redirect(303, `/verify/${c.id}`);
      return;
    }
    res.type('application/vc+jwt').set('content-disposition', `attachment; filename="certificate-${c.id}.jwt"`).send(c.jwt);
  });

  router.get('/certificates/:id/certificate.pdf', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    const c = await results.certificate(params.id);
    // A revoked certificate is never printed as if it still held: 410 with a page saying so.
    if (c.revokedAt) {
      const at = new Date(c.revokedAt).toISOString().slice(0, 10);
      throw new AppError('certificate:revoked', { at, reason: c.revocationReason ?? '', verifyUrl: `${deps.publicUrl}/verify/${c.id}` }, 410);
    }
    const r = await results.get(c.resultId);
    const locale = requestLocale(req);
    const pdf = await certificatePdf(await sheetFor(r), locale);
    res.type('application/pdf').set('content-disposition', `inline; filename="certificate-${c.id}-${locale}.pdf"`).set('cache-control', 'no-store').send(pdf);
  });

  // The picture a shared link shows (og:image): the overall level while the certificate verifies.
  router.get('/certificates/:id/card.png', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    const report = await results.verify((await results.certificate(params.id)).id);
    const level = report.outcome === 'valid' && report.credential ? (credentialLevels(report.credential).overall ?? null) : null;
    res.type('image/png').set('cache-control', 'public, max-age=300').send(shareCardPng(level));
  });

  router.post('/api/certificates/:id/revoke', async (req, res) => {
    const staff = requireStaff(req, 'centre-admin');
    const { params, body } = validate(req, { params: idParams, body: z.object({ reason: z.string().trim().min(3).max(1000) }) });
    const c = await results.revoke(params.id, body.reason, { staffId: staff.staffId }, String(req.id ?? ''));
    res.json({ id: c.id, revokedAt: c.revokedAt, reason: c.revocationReason });
  });

  // --- verification ---------------------------------------------------------------------------

  type Answer = { kind: 'certificate'; report: VerificationReport } | { kind: 'result'; sheet: ResultSheet };

  async function verifyAny(input: string): Promise<Answer> {
    try {
      return { kind: 'certificate', report: await results.verify(input) };
    } catch (error) {
      if (!(error instanceof AppError && error.id === 'certificate:not-found')) throw error;
      // A result sheet without certificate: its QR code points here too.
      const r = await results.findResult(input.trim());
      if (!r || r.state !== 'released') throw error;
      return { kind: 'result', sheet: await sheetFor(r) };
    }
  }

  function verificationJson(answer: Answer) {
    const issuer = results.issuer();
    if (answer.kind === 'result') {
      const s = answer.sheet;
      return {
        kind: 'result-sheet',
        outcome: s.invalidated ? 'invalidated' : 'on-record',
        resultId: s.resultId,
        issuer: { id: results.urls.issuer, name: issuer.name },
        candidate: s.candidate,
        overall: s.overall,
        releasedAt: s.releasedAt,
      };
    }
    const r = answer.report;
    return {
      kind: 'certificate',
      outcome: r.outcome,
      certificateId: r.certificateId,
      checks: r.checks,
      revocation: r.revocation,
      issuer: { id: issuer.id, name: issuer.name },
      credential: r.credential,
    };
  }

  function verificationPage(answer: Answer, locale: Locale): Html {
    const t = (id: string, params: Record<string, string | number> = {}) => translate(locale, id, params);
    const date = (iso: string) => new Date(iso).toLocaleDateString(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
    if (answer.kind === 'result') {
      const s = answer.sheet;
      return html`<h1>${t('verify:result-on-record')}</h1>
<section class="verdict" role="status"><p>${t('verify:result-on-record-text', { issuer: s.issuer.name })}</p></section>
<dl class="facts"><dt>${t('verify:holder')}</dt><dd>${s.candidate.name ?? '—'}</dd>
<dt>${t('results:overall')}</dt><dd>${s.overall ?? '—'}</dd>
<dt>${t('verify:issued')}</dt><dd>${s.releasedAt ? date(s.releasedAt) : '—'}</dd></dl>`;
    }
    const r = answer.report;
    const c: OpenBadgeCredential | null = r.credential;
    const levels = c ? credentialLevels(c) : {};
    const holder = c?.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash ?? '—';
    const levelRows = (['overall', 'written', ...SKILLS, ORAL] as const)
      .filter((k) => levels[k])
      .map(
        (k) =>
          html`<tr><th scope="row">${t(k === 'overall' ? 'results:overall' : k === 'written' ? 'results:written-overall' : k === 'oral' ? 'results:oral-level' : `results:skill-${k}`)}</th><td>${levels[k]!}</td></tr>`,
      );
    return html`<h1>${t('verify:title')}</h1>
<section class="verdict verdict-${r.outcome}" role="status" data-outcome="${r.outcome}">
<p><strong>${t(`verify:outcome-${r.outcome}`)}</strong></p>
${r.revocation && html`<p>${t('verify:revoked-on', { at: r.revocation.at ? new Date(r.revocation.at).toISOString().slice(0, 10) : '', reason: r.revocation.reason })}</p>`}
</section>
${
  c &&
  html`<dl class="facts"><dt>${t('verify:holder')}</dt><dd>${holder}</dd>
<dt>${t('results:issuer')}</dt><dd><a href="/certificates/issuer">${c.issuer.name}</a></dd>
<dt>${t('verify:issued')}</dt><dd>${date(c.validFrom)}</dd>
<dt>${t('certificate:id')}</dt><dd>${r.certificateId ?? ''}</dd></dl>
<h2>${t('verify:levels')}</h2>
<table class="levels"><caption>${c.name}</caption><tbody>${levelRows}</tbody></table>`
}
<h2>${t('verify:checks')}</h2>
<ul class="checks">${CHECKS.map((name) => {
      const check = r.checks.find((x) => x.check === name)!;
      return html`<li data-check="${name}" data-outcome="${check.outcome}">${t(`verify:check-${name}`)} — <strong>${t(`verify:${check.outcome}`)}</strong></li>`;
    })}</ul>
<p><a href="/certificates/issuer">${t('verify:issuer-profile')}</a></p>`;
  }

  const VERIFY_STYLE = `
.verdict{border-left:8px solid #555;background:#f4f4f4;padding:.75rem 1.25rem;margin:1rem 0;font-size:1.15rem}
.verdict-valid{border-color:var(--cadre-success);background:#eef7f1}
.verdict-revoked,.verdict-tampered,.verdict-expired{border-color:var(--cadre-danger);background:#fbeeee}
.verdict p{margin:.25rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.5rem}
dl.facts dt{color:#555}dl.facts dd{margin:0;font-weight:600}
table.levels{border-collapse:collapse;min-width:22rem}
table.levels caption{text-align:left;font-weight:600;padding-bottom:.4rem}
table.levels th,table.levels td{text-align:left;border-top:1px solid var(--cadre-border);padding:.35rem 1.5rem .35rem 0}
table.levels td{font-weight:700;color:var(--cadre-accent)}
ul.checks{list-style:none;padding:0}ul.checks li{padding:.2rem 0}
ul.checks li[data-outcome=pass]::before{content:'✓ ';color:var(--cadre-success);font-weight:700}
ul.checks li[data-outcome=fail]::before{content:'✗ ';color:var(--cadre-danger);font-weight:700}
ul.checks li[data-outcome=not-run]::before{content:'– ';color:#555}
textarea{font:inherit;width:100%;max-width:40rem}
form button{font:inherit;font-weight:600;margin-top:.5rem;padding:.45rem 1.2rem;border-radius:var(--cadre-radius);border:none;background:var(--cadre-accent);color:#fff}
`;

  function verifyForm(locale: Locale, value = ''): Html {
    const t = (id: string) => translate(locale, id);
    return html`<form method="post" action="/verify?lang=${locale}">
<label for="credential">${t('verify:input')}</label><br>
<textarea id="credential" name="credential" rows="4" cols="70" required>${value}</textarea><br>
<button type="submit">${t('verify:submit')}</button>
</form>`;
  }

  /**
   * Open Graph and Twitter card tags of a certificate's public page, so a shared link shows a
   * preview: only what the certificate says publicly (holder, overall level, issuer, date,
   * whether it verifies). A revoked or failing certificate shows its status and no name or level.
   */
  function shareTags(answer: Answer, locale: Locale): Html | undefined {
    if (answer.kind !== 'certificate') return undefined;
    const r = answer.report;
    const id = r.certificateId;
    if (!id) return undefined;
    const c = r.credential;
    const issuer = results.issuer().name;
    const valid = r.outcome === 'valid' && c !== null;
    const holder = c?.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash ?? '';
    const level = valid ? (credentialLevels(c).overall ?? '') : '';
    const date = c ? new Date(c.validFrom).toLocaleDateString(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' }) : '';
    const title = valid
      ? translate(locale, 'share:og-title', { level, name: holder })
      : translate(locale, r.outcome === 'revoked' ? 'share:og-title-revoked' : 'share:og-title-invalid');
    const description = valid
      ? translate(locale, 'share:og-description', { issuer, date })
      : translate(locale, r.outcome === 'revoked' ? 'share:og-description-revoked' : 'share:og-description-invalid', { issuer });
    const url = results.urls.verify(id);
    const image = `${deps.publicUrl}/certificates/${id}/card.png`;
    const alt = valid ? translate(locale, 'share:og-image-alt', { level }) : title;
    const meta = (attribute: 'property' | 'name', key: string, value: string) =>
      attribute === 'property' ? html`<meta property="${key}" content="${value}">\n` : html`<meta name="${key}" content="${value}">\n`;
    return html`${[
      meta('name', 'description', description),
      html`<link rel="canonical" href="${url}">\n`,
      meta('property', 'og:type', 'website'),
      meta('property', 'og:site_name', issuer),
      meta('property', 'og:locale', locale === 'en' ? 'en_GB' : 'fr_FR'),
      meta('property', 'og:title', title),
      meta('property', 'og:description', description),
      meta('property', 'og:url', url),
      meta('property', 'og:image', image),
      meta('property', 'og:image:type', 'image/png'),
      meta('property', 'og:image:width', String(SHARE_CARD.width)),
      meta('property', 'og:image:height', String(SHARE_CARD.height)),
      meta('property', 'og:image:alt', alt),
      meta('name', 'twitter:card', 'summary_large_image'),
      meta('name', 'twitter:title', title),
      meta('name', 'twitter:description', description),
      meta('name', 'twitter:image', image),
      meta('name', 'twitter:image:alt', alt),
    ]}`;
  }

  async function answer(req: Request, res: Response, input: string): Promise<void> {
    const result = await verifyAny(input);
    res.set('cache-control', 'no-store');
    if (req.accepts(['html', 'json']) !== 'html') {
      res.json(verificationJson(result));
      return;
    }
    const locale = requestLocale(req);
    sendPage(res, {
      lang: locale,
      title: translate(locale, 'verify:title'),
      inlineStyle: VERIFY_STYLE,
      head: shareTags(result, locale),
      body: html`${verificationPage(result, locale)}\n<hr>\n${verifyForm(locale)}`,
    });
  }

  router.get('/verify', (req, res) => {
    const locale = requestLocale(req);
    const t = (id: string) => translate(locale, id);
    sendPage(res, {
      lang: locale,
      title: translate(locale, 'verify:title'),
      inlineStyle: VERIFY_STYLE,
      body: html`<h1>${t('verify:title')}</h1>\n<p>${t('verify:intro')}</p>\n${verifyForm(locale)}`,
    });
  });

  router.post('/verify', async (req, res) => {
    const { body } = validate(req, { body: z.object({ credential: z.string().trim().min(8).max(20_000) }), form: true });
    await answer(req, res, body.credential);
  });

  router.get('/verify/:id', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    await answer(req, res, params.id);
  });

  router.get('/api/verify/:id', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    res.set('cache-control', 'no-store').json(verificationJson(await verifyAny(params.id)));
  });

  router.post('/api/verify', async (req, res) => {
    const { body } = validate(req, { body: z.object({ credential: z.string().trim().min(8).max(20_000) }) });
    res.set('cache-control', 'no-store').json(verificationJson(await verifyAny(body.credential)));
  });

  router.get('/verify/:id/qr.svg', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    const known = (await results.findCertificate(params.id)) ?? (await results.findResult(params.id));
    if (!known) throw new AppError('certificate:not-found', {}, 404);
    const { default: QRCode } = await import('qrcode'); // loaded when first asked, not at start
    const svg = await QRCode.toString(results.urls.verify(params.id), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(svg);
  });

  return router;
}
