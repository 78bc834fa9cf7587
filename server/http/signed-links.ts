import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';

/** How long a link in an e-mail works: long enough to come back to a result weeks later. */
export const SIGNED_LINK_DAYS = 60;

/** The query parameters a signed link carries. */
export interface LinkSignature {
  exp: string;
  sig: string;
}

/**
 * Signed, expiring links for e-mails: a mail client has no LMS session, so a link to a result
 * carries its own proof (an HMAC-SHA256 of what it opens and its expiry). The key is derived
 * (HKDF) from the server secret that already seals the LTI keys, under its own label, so the
 * secret itself is never used twice. A link opens one thing (a subject such as `result:<id>`),
 * read-only, until it expires.
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly clock: Clock,
    private readonly ttlDays = SIGNED_LINK_DAYS,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'cadre', 'cadre signed e-mail links v1', 32));
  }

  private mac(subject: string, exp: string): string {
    return createHmac('sha256', this.key).update(`${subject}\n${exp}`).digest('base64url');
  }

  /** The signature of a link to `subject`, valid for ttlDays from now. */
  sign(subject: string): LinkSignature {
    const exp = String(Math.floor(this.clock.now().getTime() / 1000) + this.ttlDays * 86_400);
    return { exp, sig: this.mac(subject, exp) };
  }

  /** `url` with the signature of `subject` added to its query. */
  signUrl(url: string, subject: string): string {
    const { exp, sig } = this.sign(subject);
    return `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams({ exp, sig }).toString()}`;
  }

  /** True when the query carries a live signature of `subject`. */
  verify(subject: string, query: { exp?: unknown; sig?: unknown }): boolean {
    const { exp, sig } = query;
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp) || sig.length > 100) return false;
    if (Number(exp) * 1000 < this.clock.now().getTime()) return false;
    const expected = Buffer.from(this.mac(subject, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
