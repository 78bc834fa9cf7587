import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { assetUrl } from './assets.js';

/**
 * Server-rendered HTML, escaped by construction. `html` is a tagged template: every
 * interpolated value is escaped for element content and quoted attribute values, unless it is
 * itself an `Html` (another template's result, or markup marked safe with `rawHtml`). Arrays
 * render each item the same way, joined; null, undefined and false render nothing.
 *
 *   html`<p title="${name}">${t('home:intro')}</p><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 *
 * Attribute values must be quoted: an interpolation right after `name=` throws.
 */
const MINT = Symbol('html');

export class Html {
  readonly #markup: string;
  /** Only `html` and `rawHtml` make one. */
  constructor(mint: typeof MINT, markup: string) {
    if (mint !== MINT) throw new TypeError('Html comes from html`…` or rawHtml()');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
const UNQUOTED_ATTRIBUTE = /\s[\w:.-]+=$/;

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const before = strings[i]!;
    if (UNQUOTED_ATTRIBUTE.test(before)) throw new Error(`html: quote the attribute value after ${JSON.stringify(before.slice(-30))}`);
    out += render(value) + strings[i + 1]!;
  });
  return new Html(MINT, out);
}

/** Markup Cadre itself wrote (a constant, an inline script): never data from a request or the database. */
export function rawHtml(markup: string): Html {
  return new Html(MINT, markup);
}

/** The bundle's URLs carry the build's version once built: browsers keep them for good (server/http/assets.ts). */
export const CADRE_STYLES = [assetUrl('cadre.css')] as const;
export const CADRE_SCRIPTS = [assetUrl('cadre.js')] as const;

export interface PageShell {
  lang: string;
  title: string;
  body: Html;
  /** Stylesheet URLs; the Cadre styles unless given. */
  styles?: readonly string[];
  /** ES module URLs; the component bundle unless given. */
  scripts?: readonly string[];
  /** Extra head markup built with html`…` (a public page's Open Graph tags). */
  head?: Html;
  /** A page's own CSS rules (style-src allows inline styles). */
  inlineStyle?: string;
  /** One inline script, run only with the response's CSP nonce (see sendPage). */
  inlineScript?: { code: string; nonce: string };
}

/** The one document every server-rendered page is: doctype, language, charset, viewport, CSS, scripts, `main`. */
export function pageShell(page: PageShell): Html {
  const styles = page.styles ?? CADRE_STYLES;
  const scripts = page.scripts ?? CADRE_SCRIPTS;
  return html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
${page.head ?? ''}${styles.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}${page.inlineStyle ? html`<style>${rawHtml(page.inlineStyle)}</style>\n` : ''}${scripts.map((src) => html`<script type="module" src="${src}"></script>\n`)}</head>
<body>
<main id="main">
${page.body}
</main>
${page.inlineScript ? html`<script nonce="${page.inlineScript.nonce}">${rawHtml(page.inlineScript.code)}</script>\n` : ''}</body>
</html>`;
}

export interface SendPageOptions {
  status?: number;
  /** An inline script: the response then carries its own CSP allowing it by a fresh nonce. */
  inlineScript?: string;
  /** Extra form-action origins for that CSP (a form auto-submitted to the LMS). */
  formAction?: readonly string[];
}

/**
 * Sends a page. Pages without inline script keep the app's CSP (server/http/security.ts). A page
 * with one gets its own policy in which only this response's nonce runs inline code.
 */
export function sendPage(res: Response, page: Omit<PageShell, 'inlineScript'>, options: SendPageOptions = {}): void {
  res.status(options.status ?? 200).type('html');
  if (!options.inlineScript) {
    res.send(pageShell(page).toString());
    return;
  }
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'nonce-${nonce}'; ` +
      `form-action ${["'self'", ...(options.formAction ?? [])].join(' ')}; base-uri 'none'`,
  );
  res.send(pageShell({ ...page, inlineScript: { code: options.inlineScript, nonce } }).toString());
}

/** A page that POSTs `fields` to `action` on load (OIDC form_post, the deep linking response). */
export function sendAutoSubmitForm(res: Response, action: string, fields: Record<string, string>, lang = 'fr'): void {
  sendPage(
    res,
    {
      lang,
      title: 'Redirection…',
      styles: [],
      scripts: [],
      body: html`<form id="autosubmit" method="post" action="${action}">${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<noscript><button>Continuer</button></noscript></form>`,
    },
    { inlineScript: 'document.getElementById("autosubmit").submit()', formAction: [new URL(action).origin] },
  );
}
