import { describe, expect, it } from 'vitest';
import en from '../../server/translations/en.json' with { type: 'json' };
import fr from '../../server/translations/fr.json' with { type: 'json' };
import { pickLocale, translate } from '../../server/i18n.js';

describe('translations', () => {
  it('have the same messages in French and English', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('fill placeholders and fall back to the id for an unknown message', () => {
    expect(translate('fr', 'error:request-id', { requestId: 'abc' })).toBe('Référence : abc');
    expect(translate('en', 'no:such-message')).toBe('no:such-message');
  });

  it('speak French unless asked otherwise', () => {
    expect(pickLocale(undefined, undefined)).toBe('fr');
    expect(pickLocale(undefined, 'de-DE,en;q=0.8')).toBe('en');
    expect(pickLocale('en', 'fr-FR')).toBe('en');
  });
});
