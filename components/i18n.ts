import en from '../server/translations/en.json' with { type: 'json' };
import fr from '../server/translations/fr.json' with { type: 'json' };

export type Locale = 'fr' | 'en';
const catalogs: Record<Locale, Record<string, string>> = { fr, en };

/** Components read the same translation files as the server; French unless the element says otherwise. */
export function t(lang: string | undefined, id: string, params: Record<string, string | number> = {}): string {
  const locale: Locale = lang === 'en' ? 'en' : 'fr';
  const template = catalogs[locale][id] ?? catalogs.en[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** An element's language: its own lang attribute, else the page's; French unless English. */
export function localeOf(el: HTMLElement): Locale {
  return (el.lang || document.documentElement.lang) === 'en' ? 'en' : 'fr';
}
