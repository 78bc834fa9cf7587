import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineItemLabel, matchingLineItem, scoreComment, scoresUrl, type LineItemJson } from '../../../lti/grades.js';

const moodleLineItems = JSON.parse(readFileSync(new URL('../../fixtures/moodle/ags-lineitems.json', import.meta.url), 'utf8')) as LineItemJson[];

// Issue 21: the gradebook columns against what a Moodle 5 site answers (test/fixtures/moodle).
describe('grade columns in a Moodle gradebook', () => {
  it("finds each activity's own column for a tag among a course's line items, even unfiltered", () => {
    const ids = (link: string) => (['overall', 'vocabulary', 'grammar', 'oral'] as const).map((tag) => matchingLineItem(moodleLineItems, tag, link)?.id);
    expect(ids('7')).toEqual([
      'https://moodle.example.org/mod/lti/services.php/2/lineitems/41/lineitem?type_id=3',
      'https://moodle.example.org/mod/lti/services.php/2/lineitems/42/lineitem?type_id=3',
      'https://moodle.example.org/mod/lti/services.php/2/lineitems/43/lineitem?type_id=3',
      undefined, // not created yet: Cadre creates it
    ]);
    // The other activity's vocabulary column is never taken for this one's.
    expect(matchingLineItem(moodleLineItems, 'vocabulary', '9')?.id).toBe('https://moodle.example.org/mod/lti/services.php/2/lineitems/52/lineitem?type_id=3');
    expect(matchingLineItem(moodleLineItems, 'vocabulary', '12')).toBeUndefined();
  });

  it("posts scores to Moodle's scores URL, the tool type kept in the query", () => {
    expect(scoresUrl(moodleLineItems[1]!.id)).toBe('https://moodle.example.org/mod/lti/services.php/2/lineitems/42/lineitem/scores?type_id=3');
  });

  it('names the columns after the activity, in the LMS user’s language', () => {
    expect(lineItemLabel('Business English B2', 'vocabulary', 'en')).toBe('Business English B2 — Vocabulary');
    expect(lineItemLabel('Anglais B1', 'reading', 'fr')).toBe('Anglais B1 — Compréhension écrite');
    expect(lineItemLabel('Anglais B1', 'overall', 'fr')).toBe('Anglais B1');
    expect(lineItemLabel(null, 'oral', 'fr')).toBe('Entretien oral');
  });

  it('says in the cell, in the candidate’s language, the level or what a Pending score awaits', () => {
    expect(scoreComment('en', { tag: 'vocabulary', level: 'B2', final: true })).toBe('Level B2');
    expect(scoreComment('fr', { tag: 'overall', level: 'C1', final: false })).toBe('Niveau C1');
    expect(scoreComment('en', { tag: 'overall', level: null, final: false })).toBe('Written part received: result awaiting validation');
    expect(scoreComment('en', { tag: 'oral', level: null, final: false })).toBe('Awaiting the oral interview');
    expect(scoreComment('fr', { tag: 'oral', level: null, final: false })).toBe("En attente de l'oral");
    expect(scoreComment('en', { tag: 'oral', level: null, final: true })).toBeUndefined();
  });
});
