import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemTypePlugin } from '../../plugin/item-types/contract.js';
import { seededRng } from '../../plugin/item-types/rng.js';
import { dropdownGap, listening, mixedText, multipleChoice, typedGap, wordBank, wordOrder } from '../../plugin/item-types/builtin.js';
import type { AnyItemTypePlugin } from '../../plugin/item-types/index.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { lastAnswer, mount, startItemPage, type ItemPageServer, type Mount } from '../support/item-page.js';

/** A type's first sample item as the browser gets it: the plugin, its parsed content, the candidate view, the expected answer. */
function prepare<C, R, V extends { type: string }>(plugin: ItemTypePlugin<C, R, V>, seed = 11) {
  const sample = plugin.samples.items[0];
  const content = plugin.contentSchema.parse(sample.content);
  const view = plugin.candidateView(content, seededRng(seed));
  return {
    plugin,
    content,
    view,
    correct: (sample.correct ?? plugin.samples.correct)(content, view),
    mount: { tag: `cadre-item-${plugin.type}`, id: plugin.type, view } satisfies Mount,
  };
}

const items = {
  dropdown: prepare(dropdownGap),
  typed: prepare(typedGap),
  mixed: prepare(mixedText),
  words: prepare(wordOrder),
  bank: prepare(wordBank),
  choice: prepare(multipleChoice),
  listening: prepare(listening),
};
const allMounts = Object.values(items).map((i) => ({
  ...i.mount,
  attrs: { 'content-lang': i.plugin.type === 'mixed-text' || i.plugin.type === 'listening' ? 'fr' : 'en' },
}));

/** The server would score this response at full marks: the renderer and the scorer agree. */
async function expectFullMarks(page: Page, item: { plugin: AnyItemTypePlugin; content: unknown; correct: unknown }): Promise<void> {
  const answer = await lastAnswer(page, item.plugin.type);
  expect(answer?.complete).toBe(true);
  const response = item.plugin.responseSchema.parse(answer?.response);
  const score = item.plugin.score(item.content as never, response);
  expect(score.points).toBe(score.maxPoints);
}

/** The id of the element with this text in an ordering or bank view. */
const idOf = (elements: { id: string; text: string }[], text: string): string => elements.find((e) => e.text === text)!.id;

describe('item renderers in Chromium', () => {
  let server: ItemPageServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startItemPage();
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pageErrors = new Map<Page, string[]>();
  /** Closes a page that must have thrown no script error. */
  async function done(page: Page): Promise<void> {
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }

  async function open(lang = 'fr', mounts: Mount[] = allMounts): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    pageErrors.set(page, errors);
    await page.goto(`${server.url}/?lang=${lang}`);
    await mount(page, mounts);
    return page;
  }

  it("are accessible, in French by default with the guide's instructions, and in English on demand", async () => {
    const page = await open();
    expect(await accessibilityViolations(page)).toEqual([]);
    await expect(page.locator('#multiple-choice [part=instruction]').textContent()).resolves.toContain('Choisissez la meilleure réponse.');
    await expect(page.locator('#word-order [part=instruction]').textContent()).resolves.toContain('Cliquez sur les mots pour les placer dans le bon ordre.');
    await expect(page.locator('#dropdown-gap [part=instruction]').textContent()).resolves.toContain(
      'Complétez les phrases avec un des items proposés dans le menu déroulant.',
    );
    await expect(page.locator('#typed-gap [part=instruction]').textContent()).resolves.toContain('Saisissez un mot par emplacement prévu.');
    await expect(page.locator('#listening [part=instruction]').textContent()).resolves.toContain("Écoutez l'annonce");
    await page.screenshot({ path: '/tmp/cadre-items-fr.png', fullPage: true });
    await done(page);

    const en = await open(
      'en',
      allMounts.map((m) => ({ ...m, attrs: { ...m.attrs, lang: 'en' } })),
    );
    expect(await accessibilityViolations(en)).toEqual([]);
    await expect(en.locator('#multiple-choice [part=instruction]').textContent()).resolves.toContain('Choose the best answer.');
    await expect(en.locator('#word-bank h3').textContent()).resolves.toBe('Suggested words');
    await done(en);
  });

  it('are answered by mouse, each giving a response the server scores at full marks', async () => {
    const page = await open();
    // Drop-down gap fill: choose in each list.
    const selects = page.locator('#dropdown-gap select');
    await selects.nth(0).selectOption('spent');
    expect((await lastAnswer(page, 'dropdown-gap'))?.complete).toBe(false);
    await selects.nth(1).selectOption('scrubbed');
    await expectFullMarks(page, items.dropdown);

    // Typed gap fill, typed carelessly: capitals, spaces, a curly apostrophe.
    const inputs = page.locator('#typed-gap input');
    await inputs.nth(0).click();
    await page.keyboard.type(' To ');
    await inputs.nth(1).fill('WENT');
    await inputs.nth(2).fill('wasn\u2019t');
    await expectFullMarks(page, items.typed);

    // Mixed-order text and out-of-order sentence: click the elements in order.
    for (const sentence of items.mixed.content.sentences.slice(1)) await page.locator('#mixed-text [data-group=pool] button', { hasText: sentence }).click();
    await expectFullMarks(page, items.mixed);
    expect((await lastAnswer(page, 'mixed-text'))?.response).toEqual(items.mixed.correct);
    for (const word of items.words.content.words.slice(1))
      await page.locator('#word-order [data-group=pool]').getByRole('button', { name: word, exact: true }).click();
    await expectFullMarks(page, items.words);

    // Word bank: blank then word, then word then blank.
    const blanks = page.locator('#word-bank button.blank');
    const bank = page.locator('#word-bank ul.bank');
    await blanks.nth(0).click();
    await expect(blanks.nth(0).getAttribute('aria-pressed')).resolves.toBe('true');
    await bank.getByRole('button', { name: 'along', exact: true }).click();
    await bank.getByRole('button', { name: 'onto', exact: true }).click();
    await expect(page.locator('#word-bank button.blank.target').count()).resolves.toBe(2);
    await blanks.nth(1).click();
    await bank.getByRole('button', { name: 'on', exact: true }).click();
    await blanks.nth(2).click();
    await expectFullMarks(page, items.bank);
    await expect(bank.getByRole('button').allTextContents()).resolves.toEqual(expect.arrayContaining(['above', 'from']));

    // Multiple choice and listening: click the answer's label.
    await page.locator('#multiple-choice label', { hasText: items.choice.correct.choice! }).click();
    await expectFullMarks(page, items.choice);
    await page.locator('#listening label', { hasText: 'Payer leurs articles.' }).click();
    await expectFullMarks(page, items.listening);
    await done(page);
  });

  it('remove a placed element when it is clicked, leaving its place empty', async () => {
    const page = await open();
    const w = items.words.view.words;
    const pool = page.locator('#word-order [data-group=pool]');
    for (const word of ['you', 'take', 'this']) await pool.getByRole('button', { name: word, exact: true }).click();
    await page.locator('#word-order [data-group=slots] button', { hasText: 'take' }).click();
    expect((await lastAnswer(page, 'word-order'))?.response).toEqual({ order: [idOf(w, 'you'), null, idOf(w, 'this'), ...Array(6).fill(null)] });
    await expect(page.locator('#word-order [role=status]').textContent()).resolves.toContain('« take » retiré de la position 3.');
    await expect(pool.getByRole('button', { name: 'take', exact: true }).count()).resolves.toBe(1);
    // The next click fills the hole first.
    await pool.getByRole('button', { name: 'document', exact: true }).click();
    expect((await lastAnswer(page, 'word-order'))?.response).toEqual({ order: [idOf(w, 'you'), idOf(w, 'document'), idOf(w, 'this'), ...Array(6).fill(null)] });

    // Word bank: a placed word goes back to the bank; a selected word replaces a placed one.
    const b = items.bank.view.words;
    const blanks = page.locator('#word-bank button.blank');
    const bank = page.locator('#word-bank ul.bank');
    await bank.getByRole('button', { name: 'above', exact: true }).click();
    await blanks.nth(0).click();
    await bank.getByRole('button', { name: 'along', exact: true }).click();
    await blanks.nth(0).click();
    expect((await lastAnswer(page, 'word-bank'))?.response).toEqual({ blanks: [idOf(b, 'along'), null, null] });
    await expect(bank.getByRole('button', { name: 'above', exact: true }).count()).resolves.toBe(1);
    await blanks.nth(0).click();
    expect((await lastAnswer(page, 'word-bank'))?.response).toEqual({ blanks: [null, null, null] });
    await expect(page.locator('#word-bank [role=status]').textContent()).resolves.toContain("« along » retiré de l'emplacement 1.");
    await done(page);
  });

  it('are answered with the keyboard only: Tab, Enter, Space and arrow keys', async () => {
    const page = await open();
    const focusedText = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.textContent?.trim() ?? '';
      });
    const tabUntil = async (test: () => Promise<boolean>, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await test()) return;
      }
      throw new Error('focus never got there');
    };
    const insideItem = (id: string) => () => page.evaluate((i) => document.activeElement?.id === i, id);

    // Drop-down gap: arrow keys change a closed list's choice.
    await tabUntil(insideItem('dropdown-gap'));
    for (const blank of items.dropdown.view.blanks.map((b, i) => ({ b, answer: items.dropdown.content.blanks[i]!.answer }))) {
      const target = blank.b.options.indexOf(blank.answer) + 1; // after "Choisir…"
      for (let k = 0; k < target; k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
    }
    await expectFullMarks(page, items.dropdown);

    // Typed gap: type in each field in turn (focus is now in the first one).
    for (const word of ['to', 'went', 'was']) {
      await page.keyboard.type(word);
      await page.keyboard.press('Tab');
    }
    await expectFullMarks(page, items.typed);

    // Orderings: one Tab stop for the pool; arrows to the element, Enter or Space to place it.
    for (const [item, texts, key] of [
      [items.mixed, items.mixed.content.sentences.slice(1), 'Enter'],
      [items.words, items.words.content.words.slice(1), 'Space'],
    ] as const) {
      const id = item.plugin.type;
      await tabUntil(
        async () =>
          (await page.evaluate(() => document.activeElement?.id)) === id &&
          (await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.closest('[data-group]')?.getAttribute('data-group'))) === 'pool',
      );
      const elements = 'sentences' in item.view ? item.view.sentences : item.view.words;
      let pool = elements.map((e) => e.text);
      let at = 0;
      for (const text of texts) {
        const target = pool.indexOf(text);
        for (; at < target; at++) await page.keyboard.press('ArrowRight');
        for (; at > target; at--) await page.keyboard.press('ArrowLeft');
        expect(await focusedText()).toBe(text);
        await page.keyboard.press(key);
        pool = pool.filter((_, i) => i !== target);
        at = Math.min(at, pool.length - 1);
      }
      await expectFullMarks(page, item);
    }

    // Word bank: a blank then a word (Enter), then a word then a blank (Space), moving with Tab and Shift+Tab.
    const b = items.bank;
    await tabUntil(insideItem('word-bank'));
    await page.keyboard.press('Enter'); // blank 1 selected
    await page.keyboard.press('Tab'); // blank 2
    await page.keyboard.press('Tab'); // blank 3
    await page.keyboard.press('Tab'); // the bank
    let bankTexts = b.view.words.map((w) => w.text);
    const moveTo = async (text: string, from: number) => {
      const target = bankTexts.indexOf(text);
      for (let k = from; k < target; k++) await page.keyboard.press('ArrowRight');
      for (let k = from; k > target; k--) await page.keyboard.press('ArrowLeft');
      expect(await focusedText()).toBe(text);
    };
    await page.keyboard.press('Home');
    await moveTo('along', 0);
    await page.keyboard.press('Enter');
    expect(await focusedText()).toBe('along'); // back on the blank it filled
    bankTexts = bankTexts.filter((t) => t !== 'along');
    await page.keyboard.press('Tab'); // blank 2
    await page.keyboard.press('Tab'); // blank 3
    await page.keyboard.press('Tab'); // the bank
    await page.keyboard.press('Home');
    await moveTo('onto', 0);
    await page.keyboard.press('Space'); // word selected
    await page.keyboard.press('Shift+Tab'); // blank 3
    await page.keyboard.press('Shift+Tab'); // blank 2
    await page.keyboard.press('Space');
    bankTexts = bankTexts.filter((t) => t !== 'onto');
    await page.keyboard.press('Tab'); // blank 3
    await page.keyboard.press('Enter'); // selected
    await page.keyboard.press('Tab'); // the bank
    await page.keyboard.press('Home');
    await moveTo('on', 0);
    await page.keyboard.press('Enter');
    await expectFullMarks(page, b);

    // Multiple choice: Tab into the radio group (past the passage), arrows to the answer.
    await tabUntil(async () => (await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('type'))) === 'radio');
    const options = items.choice.view.options;
    for (let k = 0; k < options.indexOf(items.choice.content.answer); k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expectFullMarks(page, items.choice);

    // Listening: Tab reaches the play button, then the options.
    await tabUntil(insideItem('listening'));
    expect(await focusedText()).toContain("Écouter l'extrait");
    await page.keyboard.press('Tab');
    const listeningOptions = items.listening.view.task.kind === 'multiple-choice' ? items.listening.view.task.options : [];
    for (let k = 0; k < listeningOptions.indexOf('Payer leurs articles.'); k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expectFullMarks(page, items.listening);
    await done(page);
  });

  it('resume from a response given back by the shell', async () => {
    const page = await open('fr', [items.words.mount, items.bank.mount]);
    await page.evaluate(
      ([w, b]) => {
        (document.getElementById('word-order') as unknown as { response: unknown }).response = w;
        (document.getElementById('word-bank') as unknown as { response: unknown }).response = b;
      },
      [{ order: [items.words.correct.order[0], null] }, { blanks: [null, items.bank.correct.blanks[1]] }] as const,
    );
    await expect(page.locator('#word-order [data-group=slots] button.filled').allTextContents()).resolves.toEqual([expect.stringContaining('you')]);
    await expect(page.locator('#word-bank button.blank.filled').allTextContents()).resolves.toEqual([expect.stringContaining('onto')]);
    await done(page);
  });

  it('play the extract, count the plays down, and refuse to play when none are left', async () => {
    const player = (id: string, playsLeft: string): Mount => ({
      tag: 'cadre-audio-player',
      id,
      view: undefined,
      attrs: { src: '/extract.wav', 'plays-left': playsLeft },
    });
    const page = await open('fr', [player('fresh', '2'), player('spent', '0')]);
    expect(await accessibilityViolations(page)).toEqual([]);

    const spent = page.locator('#spent button');
    await expect(spent.isDisabled()).resolves.toBe(true);
    await expect(spent.textContent()).resolves.toContain("Plus d'écoute possible");
    await spent.click({ force: true });
    await page.locator('#spent').evaluate((el) => (el.shadowRoot!.querySelector('button') as HTMLButtonElement).click());

    const fresh = page.locator('#fresh');
    await expect(fresh.locator('.plays').textContent()).resolves.toBe('2 écoutes restantes');
    await fresh.locator('button').click();
    await fresh.locator('.plays', { hasText: '1 écoute restante' }).waitFor();
    await fresh.locator('button:not([disabled])').waitFor(); // the extract played to its end
    await expect(fresh.locator('.time').textContent()).resolves.toMatch(/^0:01 \/ 0:01$/);
    expect(await page.evaluate(() => (window as unknown as { playRequests: unknown[] }).playRequests)).toEqual([{ playsLeft: 2 }]);
    await done(page);
  });

  it("in a listening item, wait for the one-time URL the shell hands in, and take the server's count of plays left", async () => {
    const page = await open('fr', [{ ...items.listening.mount, attrs: { 'plays-left': '2' } }]);
    // What the exam shell does: on each request, ask the server for a ticket, then set playsLeft and audioUrl.
    await page.evaluate(() => {
      let served = 0;
      document.addEventListener('cadre-audio-play-request', (e) => {
        const el = e.target as HTMLElement & { playsLeft: number; audioUrl: string };
        setTimeout(() => {
          served++;
          el.playsLeft = 2 - served;
          if (served <= 2) el.audioUrl = `/extract.wav?ticket=${served}`;
        }, 50);
      });
    });
    const player = page.locator('#listening cadre-audio-player');
    const playAndWait = async (left: string) => {
      await player.locator('button').click();
      await player.locator('.plays', { hasText: left }).waitFor();
      await player.locator('.time', { hasText: '0:01 / 0:01' }).waitFor();
    };
    await playAndWait('1 écoute restante');
    await player.locator('button:not([disabled])').waitFor();
    await playAndWait("Plus d'écoute possible");
    await expect(player.locator('button').isDisabled()).resolves.toBe(true);
    const played = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => r.name)
        .filter((n) => n.includes('extract.wav')),
    );
    expect(played.map((u) => new URL(u).search)).toEqual(['?ticket=1', '?ticket=2']);
    await done(page);
  });

  it('in a listening item, stop waiting when the server refuses the play', async () => {
    const page = await open('fr', [{ ...items.listening.mount, attrs: { 'plays-left': '1' } }]);
    await page.evaluate(() => {
      document.addEventListener('cadre-audio-play-request', (e) => setTimeout(() => ((e.target as HTMLElement & { playsLeft: number }).playsLeft = 0), 50));
    });
    const player = page.locator('#listening cadre-audio-player');
    await player.locator('button').click();
    await player.locator('.plays', { hasText: "Plus d'écoute possible" }).waitFor();
    await expect(player.locator('button').textContent()).resolves.toContain("Plus d'écoute possible");
    await expect(player.locator('button').isDisabled()).resolves.toBe(true);
    await done(page);
  });
});
