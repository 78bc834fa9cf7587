import type { Request } from 'express';
import { pickLocale, type Locale } from '../i18n.js';

/** ?lang=fr|en wins, then the browser's Accept-Language; French by default. */
export function requestLocale(req: Request): Locale {
  const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  return pickLocale(lang, req.get('accept-language'));
}
