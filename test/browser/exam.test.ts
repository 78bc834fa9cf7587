import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { SESSION_COOKIE } from '../../lti/sessions.js';
import { ManualClock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { BankItem, LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { detailsBody } from '../support/personal-details.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type ItemView = NonNullable<SittingView['item']>;

/**
 * Issue 5's acceptance in Chromium: the exam shell (`cadre-exam`) on the real server, launched from
 * the emulated LMS. The server's clock is a ManualClock the tests move; the page counts down in real
 * time from what the server says, and its Refresh button reloads the server's remaining time.
 */
describe('the written test in Chromium', () => {
  let world: World;
  let bank: LoadedBank;
  let browser: Browser;
  let clientId: string;
  let linkId: string;
  const clock = new ManualClock(new Date());
  let learners = 0;

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-en', 'ENG-B2', 'Business English B2');
    linkId = world.lms.emulator.addResourceLink('course-en', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  interface Candidate {
    agent: Agent;
    context: BrowserContext;
    page: Page;
    errors: string[];
  }

  /** A learner launched from the LMS (the Agent keeps the session) whose exam window is a Chromium page sharing it. */
  async function candidate(): Promise<Candidate> {
    const agent = new Agent();
    const home = await launch(world, agent, {
      clientId,
      userId: `learner-${++learners}`,
      contextId: 'course-en',
      resourceLinkId: linkId,
      roles: [ROLE.learner],
    });
    expect(home.status).toBe(200);
    // The personal-details form (test/browser/candidate-journey.test.ts fills it in the page) is done.
    const details = await agent.request(`${world.cadre.url}/api/candidate/personal-details`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(detailsBody()),
    });
    expect(details.status).toBe(200);
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 800 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: agent.cookies.get(SESSION_COOKIE)!, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { agent, context, page, errors };
  }

  /** JSON over the candidate's agent, which shares the browser's session. */
  async function api<T>(agent: Agent, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
    const write = method !== 'GET';
    const res = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(write ? { 'content-type': 'application/json' } : {}) },
      ...(write ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: res.status, json: (res.body ? JSON.parse(res.body) : undefined) as T };
  }

  const shownItem = (page: Page) => page.locator('cadre-exam #item > *');
  const timer = (page: Page) => page.getByRole('progressbar', { name: 'Temps restant' });
  const secondsLeft = async (page: Page) => Number(await timer(page).getAttribute('aria-valuenow'));
  const validate = (page: Page) => page.getByRole('button', { name: 'Valider', exact: true });

  /** Opens the exam window, goes through the instructions and the first section intro, to item 1. */
  async function openFirstItem(c: Candidate): Promise<ItemView> {
    await c.page.goto(`${world.cadre.url}/lti/exam`);
    await c.page.getByRole('button', { name: "Commencer l'évaluation" }).click();
    await c.page.getByRole('button', { name: 'Commencer la section' }).click();
    await shownItem(c.page).waitFor();
    return current(c);
  }

  /** The item on screen, as the server sees it. */
  async function current(c: Candidate): Promise<ItemView> {
    const { json } = await api<SittingView>(c.agent, 'GET', '/api/sitting');
    return json.item!;
  }

  async function sittingOf(c: Candidate) {
    const { json } = await api<SittingView>(c.agent, 'GET', '/api/sitting');
    return (await world.cadre.storage.sittings.get(json.id))!;
  }

  async function responsesOf(c: Candidate) {
    const { json } = await api<SittingView>(c.agent, 'GET', '/api/sitting');
    return world.cadre.storage.responses.listFor(json.id);
  }

  /** The response the item element on screen holds (what the shell would submit). */
  const onScreenValue = (page: Page) =>
    page.evaluate(() => (document.querySelector('cadre-exam')!.shadowRoot!.querySelector('#item')!.firstElementChild as unknown as { value: unknown }).value);

  async function done(c: Candidate): Promise<void> {
    expect(c.errors).toEqual([]);
    await c.context.close();
  }

  it('goes from the instructions to the section intro to the first item, accessible at each step', async () => {
    const c = await candidate();
    const handoff = await c.agent.request(`${world.cadre.url}/lti/exam/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    await c.page.goto(`${world.cadre.url}${(JSON.parse(handoff.body) as { url: string }).url}`);
    expect(new URL(c.page.url()).search).toBe(''); // the one-time token left the address bar for a first-party cookie

    await c.page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: '/tmp/exam-1-instructions.png' });
    await c.page.getByRole('button', { name: "Commencer l'évaluation" }).click();

    await c.page.getByRole('heading', { name: 'Vocabulaire' }).waitFor();
    await c.page.getByText('10 questions sur votre connaissance du vocabulaire.').waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: '/tmp/exam-2-section-intro.png' });
    await c.page.getByRole('button', { name: 'Commencer la section' }).click();

    await shownItem(c.page).waitFor();
    const item = await current(c);
    expect(await shownItem(c.page).evaluate((el) => el.localName)).toBe(`cadre-item-${item.type}`);
    await c.page.getByText('Section 1/5 — Vocabulaire').waitFor();
    await c.page.getByText('Question 1/50').waitFor();
    expect(await timer(c.page).getAttribute('data-phase')).toBe('green');
    // The time left in figures beside the bar (m:ss), within the item's limit.
    const [minutes, seconds] = (await c.page.locator('cadre-exam [part=countdown]').textContent())!.split(':').map(Number);
    expect(seconds).toBeLessThan(60);
    expect(minutes! * 60 + seconds!).toBeLessThanOrEqual(item.timeLimitMs / 1000);
    expect(minutes! * 60 + seconds!).toBeGreaterThan(0);
    expect(await validate(c.page).isVisible()).toBe(true);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: '/tmp/exam-3-item.png' });
    await done(c);
  });

  it('turns the time bar from green to yellow to red as the server time runs, on Refresh', async () => {
    const c = await candidate();
    const item = await openFirstItem(c);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    const servedAt = new Date((await sittingOf(c)).current!.servedAt).getTime();
    const limit = item.timeLimitMs;
    let before = await secondsLeft(c.page);
    expect(before).toBeLessThanOrEqual(limit / 1000);

    for (const [share, phase] of [
      [0.3, 'green'],
      [0.6, 'yellow'],
      [0.85, 'red'],
    ] as const) {
      clock.set(new Date(servedAt + share * limit));
      await c.page.getByRole('button', { name: 'Actualiser' }).click();
      await expect.poll(() => secondsLeft(c.page)).toBeLessThanOrEqual(Math.ceil(((1 - share) * limit) / 1000));
      expect(await timer(c.page).getAttribute('data-phase')).toBe(phase);
      const now = await secondsLeft(c.page);
      expect(now).toBeLessThan(before);
      before = now;
      await c.page.screenshot({ path: `/tmp/exam-timer-${phase}.png`, animations: 'disabled' });
    }
    await done(c);
  });

  it('submits an item as it stands when its time is up, then shows the next one after the pause', async () => {
    const c = await candidate();
    const first = await openFirstItem(c);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    const deadline = new Date((await sittingOf(c)).current!.deadline).getTime();

    // Two seconds before the deadline on the server; the page learns it on Refresh and counts down.
    clock.set(new Date(deadline - 2_000));
    await c.page.getByRole('button', { name: 'Actualiser' }).click();
    await c.page.locator('[part=timer][data-phase=red]').waitFor();
    expect(await secondsLeft(c.page)).toBeLessThanOrEqual(2);
    clock.set(new Date(deadline)); // the server's time goes on too

    const pause = c.page.getByRole('status').filter({ hasText: 'Temps écoulé : votre réponse a été enregistrée telle quelle.' });
    await pause.waitFor();
    expect(await pause.textContent()).toContain('Question suivante dans 3 secondes…');
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: '/tmp/exam-pause.png' });

    await c.page.getByText('Question 2/50').waitFor();
    await shownItem(c.page).waitFor();
    const second = await current(c);
    expect(second.id).not.toBe(first.id);
    const [recorded] = await responsesOf(c);
    expect(recorded).toMatchObject({ itemId: first.id, position: 1, timedOut: true, response: null, points: 0 });
    await done(c);
  });

  it('resumes after a reload with the same item, the remaining time and the answer as it stood', async () => {
    const c = await candidate();
    const item = await openFirstItem(c);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    const servedAt = new Date((await sittingOf(c)).current!.servedAt).getTime();

    // Drafts are debounced: a slow machine may save a first, partial draft; wait for the one holding the whole answer.
    const drafts: { response: unknown; status: number }[] = [];
    c.page.on('response', (r) => {
      if (r.url().endsWith('/draft') && r.request().method() === 'PUT')
        drafts.push({ response: (JSON.parse(r.request().postData() ?? '{}') as { response?: unknown }).response, status: r.status() });
    });
    await answerByMouse(c.page, bank.item(item.id)!, item.view);
    const answered = await onScreenValue(c.page);
    await expect.poll(() => drafts.at(-1), { timeout: 10_000 }).toEqual({ response: answered, status: 204 });

    clock.set(new Date(servedAt + 10_000));
    await c.page.reload();
    await shownItem(c.page).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    expect((await current(c)).id).toBe(item.id);
    await c.page.getByText('Question 1/50').waitFor();
    const left = await secondsLeft(c.page);
    const expected = (item.timeLimitMs - 10_000) / 1000;
    expect(left).toBeLessThanOrEqual(expected);
    expect(left).toBeGreaterThan(expected - 5); // the page counts down in real time from the server's figure
    expect(await onScreenValue(c.page)).toEqual(answered);
    await c.page.screenshot({ path: '/tmp/exam-resumed.png' });

    // The restored answer can be confirmed as is.
    await validate(c.page).click();
    await c.page.getByText('Question 2/50').waitFor();
    const [recorded] = await responsesOf(c);
    expect(recorded).toMatchObject({ itemId: item.id, timedOut: false });
    expect(recorded!.points).toBe(recorded!.maxPoints);
    await done(c);
  });

  it('takes one item by mouse and the next by keyboard only, both scored at full marks, each next item at once', async () => {
    const c = await candidate();
    const first = await openFirstItem(c);
    const asked: string[] = [];
    c.page.on('request', (r) => void (r.url().endsWith('/api/sitting/next') && asked.push(r.url())));
    expect(await accessibilityViolations(c.page)).toEqual([]);
    expect(await validate(c.page).isDisabled()).toBe(true); // nothing to confirm yet
    await answerByMouse(c.page, bank.item(first.id)!, first.view);
    await c.page.screenshot({ path: '/tmp/exam-mouse-answered.png' });
    await validate(c.page).click();
    await c.page.getByText('Question 2/50').waitFor();
    await shownItem(c.page).waitFor();
    // No pause after a confirmed answer (the guide's 3 seconds follow a time-up); screen readers hear it.
    await c.page.getByText('Réponse enregistrée. Question 2 sur 50.').waitFor({ state: 'attached' });
    expect(await c.page.getByText('Question suivante dans 3 secondes…').count()).toBe(0);

    const second = await current(c);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await answerByKeyboard(c.page, bank.item(second.id)!, second.view);
    await c.page.screenshot({ path: '/tmp/exam-keyboard-answered.png' });
    // Confirm with the keyboard too: Tab to "Valider", Enter.
    await tabUntil(c.page, async () => (await focusedText(c.page)) === 'Valider');
    await c.page.keyboard.press('Enter');
    await c.page.getByText('Question 3/50').waitFor();
    await c.page.getByText('Réponse enregistrée. Question 3 sur 50.').waitFor({ state: 'attached' });
    // The keyboard goes on from the new item, not from the button just pressed.
    await c.page.waitForFunction(() => document.querySelector('cadre-exam')?.shadowRoot?.activeElement?.id === 'item');
    expect(await c.page.evaluate(() => document.querySelector('cadre-exam')!.shadowRoot!.activeElement!.getAttribute('aria-label'))).toBe('Question 3/50');
    expect(asked).toEqual([]); // each answer's reply brought the next item: one request per item

    const recorded = await responsesOf(c);
    expect(recorded.map((r) => [r.itemId, r.timedOut, r.points === r.maxPoints])).toEqual([
      [first.id, false, true],
      [second.id, false, true],
    ]);
    await done(c);
  });

  it('plays a listening extract twice and is refused a third play by the server', async () => {
    const c = await candidate();
    // The first 40 items through the API (the agent shares the browser's session), to reach listening.
    await api(c.agent, 'POST', '/api/sitting/steps/instructions', { data: {} });
    for (let i = 0; i < 40; i++) {
      const { json: view } = await api<SittingView>(c.agent, 'POST', '/api/sitting/next');
      const item = bank.item(view.item!.id)!;
      const res = await api(c.agent, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
      expect(res.status).toBe(200);
    }

    await c.page.goto(`${world.cadre.url}/lti/exam`);
    await c.page.getByRole('heading', { name: 'Compréhension orale' }).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.getByRole('button', { name: 'Commencer la section' }).click();
    await shownItem(c.page).waitFor();
    await c.page.getByText('Question 41/50').waitFor();
    const item = await current(c);
    expect(item.type).toBe('listening');
    expect(item.audioPlaysLeft).toBe(2);
    expect(await accessibilityViolations(c.page)).toEqual([]);

    const player = c.page.locator('cadre-audio-player');
    const play = player.getByRole('button');
    const plays = player.locator('.plays');
    expect(await plays.textContent()).toBe('2 écoutes restantes');
    const audioPlayed: boolean[] = [];
    for (const [left, text] of [
      [1, '1 écoute restante'],
      [0, "Plus d'écoute possible"],
    ] as const) {
      // Play faster than life (the extracts last up to 30 s); a new source resets playbackRate to the default.
      await player.evaluate((el) => (el.shadowRoot!.querySelector('audio')!.defaultPlaybackRate = 16));
      const ticket = c.page.waitForResponse((r) => r.url().endsWith(`/items/${item.id}/audio`));
      await play.click();
      const answer = await ticket;
      expect(answer.status()).toBe(200);
      const { url, playsLeft } = (await answer.json()) as { url: string; playsLeft: number };
      expect(playsLeft).toBe(left);
      await plays.filter({ hasText: text }).waitFor();
      // Wait for the end of this play (or a playback error), then note whether the extract really played.
      const outcome = () =>
        player.evaluate((el, src) => {
          const audio = el.shadowRoot!.querySelector('audio')!;
          if (!audio.src.endsWith(src)) return 'waiting';
          return audio.error ? `error ${audio.error.code}` : audio.ended ? 'ended' : 'waiting';
        }, url);
      await expect.poll(outcome, { timeout: 20_000 }).not.toBe('waiting');
      audioPlayed.push((await outcome()) === 'ended');
      if (left > 0) await player.locator('button:not([disabled])').waitFor();
    }
    // Headless Chromium (Debian's build) decodes MP3: both plays went to their end.
    expect(audioPlayed).toEqual([true, true]);
    expect(await play.isDisabled()).toBe(true);
    await c.page.screenshot({ path: '/tmp/exam-listening.png' });

    // The page offers no third play, and the server refuses one asked for all the same.
    const third = await api<{ error: { id: string } }>(c.agent, 'POST', `/api/sitting/items/${item.id}/audio`);
    expect(third.status).toBe(409);
    expect(third.json.error.id).toBe('sitting:audio-plays-exhausted');
    expect((await current(c)).audioPlaysLeft).toBe(0);
    expect((await sittingOf(c)).current!.audioPlays).toBe(2);
    await done(c);
  });
});

// --- answering as a candidate, in the page ---------------------------------------------------

const focusedText = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.textContent?.trim() ?? '';
  });

/** Describes the deepest focused element: its tag, type and the closest data-group/class hints. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.localName ?? '',
      type: el?.getAttribute('type') ?? '',
      className: el?.className ?? '',
      inBank: !!el?.closest('ul.bank'),
      group: el?.closest('[data-group]')?.getAttribute('data-group') ?? '',
      text: el?.textContent?.trim() ?? '',
    };
  });

async function tabUntil(page: Page, test: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await test()) return;
  }
  throw new Error('the keyboard focus never got there');
}

/** Answers the item on screen correctly with the mouse (typing words where the item wants them typed). */
async function answerByMouse(page: Page, item: BankItem, view: Any): Promise<void> {
  const el = page.locator(`cadre-item-${item.type}`);
  const content = item.content as Any;
  switch (item.type) {
    case 'multiple-choice':
      await el.locator('label', { has: page.getByRole('radio', { name: content.answer, exact: true }) }).click();
      return;
    case 'dropdown-gap':
      for (const [i, blank] of (content.blanks as { answer: string }[]).entries()) await el.locator('select').nth(i).selectOption(blank.answer);
      return;
    case 'typed-gap':
      for (const [i, blank] of (content.blanks as { answers: string[] }[]).entries()) {
        await el.locator('input').nth(i).click();
        await page.keyboard.type(blank.answers[0]!);
      }
      return;
    case 'word-bank':
      for (const [i, word] of (content.answers as string[]).entries()) {
        await el.locator('button.blank').nth(i).click();
        await el.locator('ul.bank').getByRole('button', { name: word, exact: true }).first().click();
      }
      return;
    case 'word-order':
    case 'mixed-text':
      for (const text of (item.type === 'word-order' ? content.words : content.sentences).slice(1) as string[]) {
        await el.locator('[data-group=pool]').getByRole('button', { name: text, exact: true }).first().click();
      }
      return;
    default:
      throw new Error(`no mouse answering rule for ${item.type} (view ${JSON.stringify(view)})`);
  }
}

/** Answers the item on screen correctly with the keyboard only, starting from wherever the focus is. */
async function answerByKeyboard(page: Page, item: BankItem, view: Any): Promise<void> {
  const content = item.content as Any;
  const inItem = async () =>
    page.evaluate((tag) => document.querySelector('cadre-exam')?.shadowRoot?.activeElement?.localName === tag, `cadre-item-${item.type}`);
  switch (item.type) {
    case 'multiple-choice': {
      await tabUntil(page, async () => (await inItem()) && (await focused(page)).type === 'radio');
      const options = view.options as string[];
      for (let k = 0; k < options.indexOf(content.answer); k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      return;
    }
    case 'dropdown-gap': {
      await tabUntil(page, async () => (await inItem()) && (await focused(page)).tag === 'select');
      for (const [i, blank] of (content.blanks as { answer: string }[]).entries()) {
        const target = (view.blanks[i].options as string[]).indexOf(blank.answer) + 1; // after "Choisir…"
        for (let k = 0; k < target; k++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
      }
      return;
    }
    case 'typed-gap': {
      await tabUntil(page, async () => (await inItem()) && (await focused(page)).tag === 'input');
      for (const blank of content.blanks as { answers: string[] }[]) {
        await page.keyboard.type(blank.answers[0]!);
        await page.keyboard.press('Tab');
      }
      return;
    }
    case 'word-bank': {
      // For each blank in turn: Enter selects it, Tab reaches the bank, arrows to the word, Enter places it.
      let bankTexts = (view.words as { text: string }[]).map((w) => w.text);
      await tabUntil(page, async () => (await inItem()) && (await focused(page)).className.includes('blank'));
      for (const word of content.answers as string[]) {
        await page.keyboard.press('Enter');
        await tabUntil(page, async () => (await focused(page)).inBank);
        await page.keyboard.press('Home');
        for (let k = 0; k < bankTexts.indexOf(word); k++) await page.keyboard.press('ArrowRight');
        expect(await focusedText(page)).toBe(word);
        await page.keyboard.press('Enter'); // back on the blank it filled
        bankTexts = bankTexts.filter((_, i) => i !== bankTexts.indexOf(word));
        await page.keyboard.press('Tab'); // the next blank (or the bank after the last one)
      }
      return;
    }
    case 'word-order':
    case 'mixed-text': {
      await tabUntil(page, async () => (await inItem()) && (await focused(page)).group === 'pool');
      let pool = ((item.type === 'word-order' ? view.words : view.sentences) as { text: string }[]).map((e) => e.text);
      let at = 0;
      for (const text of (item.type === 'word-order' ? content.words : content.sentences).slice(1) as string[]) {
        const target = pool.indexOf(text);
        for (; at < target; at++) await page.keyboard.press('ArrowRight');
        for (; at > target; at--) await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('Enter');
        pool = pool.filter((_, i) => i !== target);
        at = Math.min(at, pool.length - 1);
      }
      return;
    }
    default:
      throw new Error(`no keyboard answering rule for ${item.type}`);
  }
}
