/**
 * A tiny browser stand-in for HTTP tests: keeps cookies (one jar for 127.0.0.1, whatever the
 * port, as a browser does), follows redirects when asked, reads auto-submitted forms.
 */
export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

export class Agent {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    // Like a browser, retry once on a kept-alive connection the server closed (a restart).
    const res = await fetch(url, { ...init, headers, redirect: 'manual' }).catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
      return fetch(url, { ...init, headers, redirect: 'manual' });
    });
    for (const line of res.headers.getSetCookie()) this.store(line);
    return { status: res.status, url, headers: res.headers, body: await res.text() };
  }

  /** GET (or the given request), then follow redirects as GETs. */
  async follow(url: string, init: RequestInit = {}, max = 10): Promise<Page> {
    let page = await this.request(url, init);
    for (let i = 0; i < max && page.status >= 300 && page.status < 400; i++) {
      const location = page.headers.get('location');
      if (!location) break;
      page = await this.request(new URL(location, page.url).toString());
    }
    return page;
  }

  /** POSTs a form (urlencoded) and follows redirects. */
  async submit(action: string, fields: Record<string, string>): Promise<Page> {
    return this.follow(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Submits the first form of an auto-submitting page (form_post). */
  async submitForm(page: Page): Promise<Page> {
    const form = parseForm(page.body);
    return this.submit(new URL(form.action, page.url).toString(), form.fields);
  }

  private store(line: string): void {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => {
      const [k, v] = a.trim().split('=');
      if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

const decode = (s: string) => s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Reads the first <form> of a page: its action and its input values. */
export function parseForm(html: string): { action: string; method: string; fields: Record<string, string> } {
  const form = html.match(/<form([^>]*)>([\s\S]*?)<\/form>/i);
  if (!form) throw new Error(`No form in page: ${html.slice(0, 300)}`);
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))?.[1];
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input([^>]*)>/gi)) {
    const name = attr(input[1]!, 'name');
    if (name) fields[decode(name)] = decode(attr(input[1]!, 'value') ?? '');
  }
  return { action: decode(attr(form[1]!, 'action') ?? ''), method: (attr(form[1]!, 'method') ?? 'get').toLowerCase(), fields };
}
