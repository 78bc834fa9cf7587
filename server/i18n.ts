import en from './translations/en.json' with { type: 'json' };
import fr from './translations/fr.json' with { type: 'json' };

/** French first: the candidate interface is in French, English on request. */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
const catalogs: Record<Locale, Record<string, string>> = { fr, en };

/** The message for id in locale, with {name} placeholders filled; the id itself if unknown. */
export function translate(locale: Locale, id: string, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][id] ?? catalogs.en[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks fr or en from an explicit choice first, then an Accept-Language header; French by default. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'fr' || explicit === 'en') return explicit;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'fr';
}
