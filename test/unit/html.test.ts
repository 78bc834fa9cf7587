import { describe, expect, it } from 'vitest';
import { html, Html, pageShell, rawHtml } from '../../server/http/html.js';

describe('html`…`', () => {
  it('escapes text interpolated into element content', () => {
    expect(String(html`<p>${'<script>alert("x")</script> & co'}</p>`)).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>');
  });

  it('escapes quotes in attribute values, so a value cannot leave its attribute', () => {
    const name = `" onmouseover="alert(1)' x='`;
    expect(String(html`<input value="${name}"><a title='${name}'>`)).toBe(
      '<input value="&quot; onmouseover=&quot;alert(1)&#39; x=&#39;"><a title=\'&quot; onmouseover=&quot;alert(1)&#39; x=&#39;\'>',
    );
  });

  it('refuses an interpolation into an unquoted attribute', () => {
    expect(() => html`<input value=${'x onfocus=alert(1)'}>`).toThrow(/quote the attribute/);
    // Only the template's own text counts: data that ends like an attribute is just text.
    expect(String(html`<p>${' title='}${'x'}</p>`)).toBe('<p> title=x</p>');
  });

  it('keeps nested templates as markup and escapes what they interpolate', () => {
    const item = (label: string) => html`<li>${label}</li>`;
    expect(String(html`<ul>${item('<b>')}</ul>`)).toBe('<ul><li>&lt;b&gt;</li></ul>');
  });

  it('renders arrays item by item: templates as markup, strings escaped', () => {
    expect(String(html`<ul>${['<i>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`)).toBe('<ul><li>&lt;i&gt;</li><li>b</li></ul>');
    expect(String(html`<p>${['<i>', 2, [html`<br>`]]}</p>`)).toBe('<p>&lt;i&gt;2<br></p>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(String(html`<p>${null}${undefined}${false}${0}</p>`)).toBe('<p>0</p>');
  });

  it('lets only rawHtml mark markup safe; a look-alike object is escaped', () => {
    expect(String(html`<p>${rawHtml('<br>')}</p>`)).toBe('<p><br></p>');
    const forged = { toString: () => '<script>' } as unknown as string;
    expect(String(html`<p>${forged}</p>`)).toBe('<p>&lt;script&gt;</p>');
    expect(() => new (Html as unknown as new (a: symbol, b: string) => Html)(Symbol('html'), '<script>')).toThrow(TypeError);
  });
});

describe('pageShell', () => {
  it('makes the whole document: doctype, language, charset, viewport, title escaped, CSS and components', () => {
    const page = String(pageShell({ lang: 'en', title: 'A & <B>', body: html`<h1>${'<script>'}</h1>` }));
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>A &amp; &lt;B&gt;</title>');
    // Versioned once built (npm run build): /assets/v/<version>/cadre.js, cached for good.
    expect(page).toMatch(/<link rel="stylesheet" href="\/assets\/(v\/[0-9a-f]{16}\/)?cadre\.css">/);
    expect(page).toMatch(/<script type="module" src="\/assets\/(v\/[0-9a-f]{16}\/)?cadre\.js"><\/script>/);
    expect(page).toContain('<main id="main">\n<h1>&lt;script&gt;</h1>\n</main>');
    expect(page).not.toMatch(/<script>/);
  });

  it('carries an inline script only with its nonce, and a page can leave out the bundle', () => {
    const page = String(
      pageShell({
        lang: 'fr',
        title: 't',
        body: html``,
        styles: [],
        scripts: [],
        inlineStyle: 'p{color:red}',
        inlineScript: { code: 'go()', nonce: 'n0"nce' },
      }),
    );
    expect(page).toContain('<style>p{color:red}</style>');
    expect(page).toContain('<script nonce="n0&quot;nce">go()</script>');
    expect(page).not.toContain('cadre.js');
    expect(page).not.toContain('cadre.css');
  });
});
