import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}' +
  'label{display:block;margin:.5rem 0}.error{border-left:4px solid #b00;padding-left:1rem}';

export interface PageOptions {
  lang?: string;
  status?: number;
  /** Inline script; sent with a per-response CSP nonce. */
  script?: string;
  /** Extra CSP form-action sources (auto-submitted forms to another origin). */
  formAction?: string[];
}

/**
 * Sends a small self-contained HTML page. It sets its own Content-Security-Policy so an inline
 * script (auto-submitted forms, the top-level window opener) runs only with this response's nonce.
 */
export function sendPage(res: Response, title: string, body: string, options: PageOptions = {}): void {
  const nonce = randomBytes(16).toString('base64');
  const script = options.script ? `<script nonce="${nonce}">${options.script}</script>` : '';
  const formAction = ["'self'", ...(options.formAction ?? [])].join(' ');
  res.status(options.status ?? 200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'nonce-${nonce}'; ` +
      `form-action ${formAction}; base-uri 'none'`,
  );
  res.send(
    `<!doctype html><html lang="${escapeHtml(options.lang ?? 'fr')}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
      `<style>${STYLE}</style></head><body>${body}${script}</body></html>`,
  );
}

/** Sends a page that POSTs `fields` to `action` on load (OIDC form_post, deep linking response). */
export function sendAutoSubmitForm(res: Response, action: string, fields: Record<string, string>): void {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  sendPage(
    res,
    'Redirection…',
    `<form id="autosubmit" method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continuer</button></noscript></form>`,
    { script: 'document.getElementById("autosubmit").submit()', formAction: [new URL(action).origin] },
  );
}
