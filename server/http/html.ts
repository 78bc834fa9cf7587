import type { Locale } from '../i18n.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The page shell every server-rendered page shares: the component bundle and the base styles.
 * `head` adds trusted, already escaped markup to the head (a public page's Open Graph tags).
 */
export function page(locale: Locale, title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}<link rel="stylesheet" href="/assets/cadre.css">
<script type="module" src="/assets/cadre.js"></script>
</head>
<body>
<main id="main">
${body}
</main>
</body>
</html>`;
}
