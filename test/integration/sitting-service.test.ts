import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itemTypePlugin } from '../../plugin/item-types/index.js';
import { ManualClock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { LoadedBank, SittingOwner } from '../../server/domain/delivery/ports.js';
import { DEADLINE_GRACE_MS, type SittingSettings } from '../../server/domain/delivery/sitting.js';
import { SittingService, type SittingView } from '../../server/domain/delivery/sitting-service.js';
import { AppError } from '../../server/errors.js';
import { contentDir } from '../../server/paths.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';
import { correctResponse, wrongResponse } from '../support/answers.js';
import { tempDir } from '../support/config.js';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';

const practice: SittingSettings = { proctoring: false, timeMultiplier: 1 };

type Database = Parameters<typeof openStorage>[0];

/** Every case on a fresh database of its own: SQLite always, PostgreSQL whenever it is available (always in CI). */
function sittingCases(freshDatabase: () => Promise<{ database: Database; drop: () => Promise<void> }>) {
  let bank: LoadedBank;
  let storage: Storage;
  let clock: ManualClock;
  let service: SittingService;
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(() => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
  });
  const makeService = (store: Storage = storage) =>
    new SittingService({
      store,
      banks: () => bank,
      itemTypes: { get: itemTypePlugin },
      clock,
      randomId: () => randomBytes(16).toString('base64url'),
      randomSeed: () => randomInt(2 ** 31),
    });
  beforeEach(async () => {
    ({ database, drop } = await freshDatabase());
    storage = await openStorage(database);
    clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
    service = makeService();
  });
  afterEach(async () => {
    await storage.close();
    await drop();
  });

  /** A candidate's sitting past its instructions: its owner, and its id for reading storage. */
  async function startItems(settings = practice): Promise<SittingOwner & { sittingId: string }> {
    const owner = { activityId: 'activity-1', userId: randomUUID() };
    const sitting = await service.open(owner, 'en', settings);
    expect(sitting.step).toBe(settings.proctoring ? 'consent' : 'instructions');
    await service.completeStep(owner, 'instructions', {});
    return { ...owner, sittingId: sitting.id };
  }

  /** Answers the current item as `answer` says, a few seconds after it appeared. */
  async function answerCurrent(own: SittingOwner, answer: 'right' | 'wrong'): Promise<SittingView> {
    const view = await service.nextItem(own);
    const item = bank.item(view.item!.id)!;
    clock.advance(4_000);
    const response = (answer === 'right' ? correctResponse : wrongResponse)(item.type, item.content, view.item!.view);
    return service.answer(own, item.id, response);
  }

  it('takes a whole 50-item sitting: 10 items per skill, none twice, five CEFR levels', async () => {
    const own = await startItems();
    const seen: string[] = [];
    let view: SittingView | undefined;
    for (let i = 1; i <= 50; i++) {
      const next = await service.nextItem(own);
      expect(next.position).toBe(i);
      expect(next.section.skill).toBe(['vocabulary', 'grammar', 'expressions', 'reading', 'listening'][Math.floor((i - 1) / 10)]);
      seen.push(next.item!.id);
      view = await answerCurrent(own, 'right');
    }
    expect(view!.step).toBe('written-done');
    expect(new Set(seen).size).toBe(50);
    const responses = await storage.responses.listFor(own.sittingId);
    expect(responses).toHaveLength(50);
    expect(responses.every((r) => r.points === r.maxPoints && !r.timedOut)).toBe(true);
    const sitting = await service.get(own.sittingId);
    expect(sitting.results.map((r) => r.skill)).toEqual(['vocabulary', 'grammar', 'expressions', 'reading', 'listening']);
    // A candidate who gets everything right is placed high on every skill.
    for (const r of sitting.results) expect(['B2', 'C1', 'C2']).toContain(r.level);
    // The reported levels: every skill, vocabulary included, re-estimated with all the others.
    expect(sitting.results.every((r) => r.priorFrom === 'all-skills' && r.responses?.length === 10)).toBe(true);
    expect(sitting.results[0]!.prior.sd).toBeLessThan(1);
  });

  it("answers with the next item of the section, served at once, and with none after a section's last item", async () => {
    const own = await startItems();
    let view = await service.nextItem(own);
    for (let i = 1; i <= 10; i++) {
      const item = bank.item(view.item!.id)!;
      clock.advance(4_000);
      const reply = await service.answer(own, item.id, correctResponse(item.type, item.content, view.item!.view));
      if (i < 10) {
        // The next vocabulary item, its clock started by this answer: no second request needed.
        expect(reply.item).not.toBeNull();
        expect(reply.item!.id).not.toBe(item.id);
        expect(reply).toMatchObject({ position: i + 1, section: { index: 0 } });
        expect(reply.item!.remainingMs).toBe(reply.item!.timeLimitMs);
        expect((await service.view(own)).item!.id).toBe(reply.item!.id);
      } else {
        // The section is over: the page shows the grammar instructions before asking for the next item.
        expect(reply.item).toBeNull();
        expect(reply.section).toMatchObject({ index: 1, skill: 'grammar' });
      }
      view = reply;
    }
    expect(await service.nextItem(own)).toMatchObject({ position: 11, section: { skill: 'grammar' } });
    expect(await storage.responses.listFor(own.sittingId)).toHaveLength(10);
  });

  it('scores the answer as it stands at time-up and waits for the page before the next item', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    const item = bank.item(view.item!.id)!;
    clock.advance(view.item!.timeLimitMs);
    const after = await service.timeUp(own, item.id, correctResponse(item.type, item.content, view.item!.view));
    expect(after.item).toBeNull();
    const [response] = await storage.responses.listFor(own.sittingId);
    expect(response).toMatchObject({ itemId: item.id, timedOut: false });
    expect(response!.points).toBe(response!.maxPoints);
    clock.advance(3_000);
    const next = await service.nextItem(own);
    expect(next).toMatchObject({ position: 2 });
    expect(next.item!.remainingMs).toBe(next.item!.timeLimitMs);
  });

  it('places a candidate who gets everything wrong at the bottom', async () => {
    const own = await startItems();
    for (let i = 0; i < 50; i++) await answerCurrent(own, 'wrong');
    const sitting = await service.get(own.sittingId);
    for (const r of sitting.results) expect(['A1', 'A2']).toContain(r.level);
  });

  it('never shows the browser a key, a transcript or IRT parameters', async () => {
    const own = await startItems();
    for (let i = 0; i < 50; i++) {
      const view = await service.nextItem(own);
      const item = bank.item(view.item!.id)! as { content: Record<string, unknown>; irt?: unknown };
      const shown = JSON.stringify(view);
      expect(shown).not.toMatch(/"(answer|answers|transcript|irt|distractors)"/);
      if (item.content.audio) expect(shown).not.toContain(String(item.content.audio));
      await answerCurrent(own, 'right');
    }
  });

  it('shows the same item, order and remaining time after a reload', async () => {
    const own = await startItems();
    const first = await service.nextItem(own);
    clock.advance(7_000);
    const again = await service.view(own);
    expect(again.item!.id).toBe(first.item!.id);
    expect(again.item!.view).toEqual(first.item!.view);
    expect(again.item!.remainingMs).toBe(first.item!.remainingMs - 7_000);
    expect((await service.nextItem(own)).item!.id).toBe(first.item!.id);
  });

  it('applies the extra-time accommodation to every time limit', async () => {
    const plain = await service.nextItem(await startItems());
    const extra = await service.nextItem(await startItems({ proctoring: false, timeMultiplier: 1.5 }));
    const limit = (v: SittingView) => bank.item(v.item!.id)!.timeLimitSeconds * 1000;
    expect(plain.item!.timeLimitMs).toBe(limit(plain));
    expect(extra.item!.timeLimitMs).toBe(limit(extra) * 1.5);
  });

  it('scores a late answer as timed out, with the answer as it stood at the deadline', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    const item = bank.item(view.item!.id)!;
    await service.saveDraft(own, item.id, correctResponse(item.type, item.content, view.item!.view));
    clock.advance(view.item!.timeLimitMs + DEADLINE_GRACE_MS + 1_000);
    await service.answer(own, item.id, wrongResponse(item.type, item.content, view.item!.view));
    const [response] = await storage.responses.listFor(own.sittingId);
    expect(response).toMatchObject({ itemId: item.id, timedOut: true });
    expect(response!.points).toBe(response!.maxPoints);
  });

  it('accepts an answer sent at the deadline within the network grace', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    const item = bank.item(view.item!.id)!;
    clock.advance(view.item!.timeLimitMs + DEADLINE_GRACE_MS - 100);
    await service.answer(own, item.id, correctResponse(item.type, item.content, view.item!.view));
    expect((await storage.responses.listFor(own.sittingId))[0]).toMatchObject({ timedOut: false });
  });

  it('closes an item whose time ran out while the candidate was away, and goes on', async () => {
    const own = await startItems();
    const first = await service.nextItem(own);
    clock.advance(10 * 60_000);
    const back = await service.view(own);
    expect(back.item).toBeNull();
    expect(back.position).toBe(1);
    expect((await storage.responses.listFor(own.sittingId))[0]).toMatchObject({ itemId: first.item!.id, points: 0, timedOut: true });
    expect((await service.nextItem(own)).position).toBe(2);
  });

  it('refuses a "time is up" before the deadline, and settles it after', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    await expect(service.timeUp(own, view.item!.id)).rejects.toMatchObject({ id: 'sitting:not-time-yet', status: 409 });
    clock.advance(view.item!.timeLimitMs);
    const after = await service.timeUp(own, view.item!.id);
    expect(after.item).toBeNull();
    // Idempotent: a second time-up for the same item changes nothing.
    expect((await service.timeUp(own, view.item!.id)).position).toBe(1);
    expect(await storage.responses.listFor(own.sittingId)).toHaveLength(1);
  });

  it('lets the listening audio be fetched twice through one-time URLs, never a third time', async () => {
    const own = await startItems();
    for (let i = 0; i < 40; i++) await answerCurrent(own, 'right');
    const view = await service.nextItem(own);
    expect(view.section.skill).toBe('listening');
    expect(view.item!.audioPlaysLeft).toBe(2);
    const one = await service.audioTicket(own, view.item!.id);
    expect(one.playsLeft).toBe(1);
    const file = await service.redeemAudio(own, one.ticket);
    expect(file).toMatch(/\.(mp3|opus|ogg)$/);
    await expect(service.redeemAudio(own, one.ticket)).rejects.toMatchObject({ id: 'sitting:audio-ticket-invalid' });
    const two = await service.audioTicket(own, view.item!.id);
    expect(two.playsLeft).toBe(0);
    await expect(service.audioTicket(own, view.item!.id)).rejects.toMatchObject({ id: 'sitting:audio-plays-exhausted', status: 409 });
    expect((await service.view(own)).item!.audioPlaysLeft).toBe(0);
  });

  it('refuses an answer of the wrong shape and loses nothing', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    await expect(service.answer(own, view.item!.id, { nonsense: true })).rejects.toBeInstanceOf(AppError);
    expect((await service.view(own)).item!.id).toBe(view.item!.id);
    expect(await storage.responses.listFor(own.sittingId)).toHaveLength(0);
  });

  it('records an answer once when two tabs send it together', async () => {
    const own = await startItems();
    const view = await service.nextItem(own);
    const item = bank.item(view.item!.id)!;
    const response = correctResponse(item.type, item.content, view.item!.view);
    const results = await Promise.allSettled([service.answer(own, item.id, response), service.answer(own, item.id, response)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The other tab is told its item is gone (409), not hit by a database error.
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { id: 'sitting:not-current-item', status: 409 } });
    expect(await storage.responses.listFor(own.sittingId)).toHaveLength(1);
  });

  it('goes on after a restart between two items with nothing lost', async () => {
    const own = await startItems();
    for (let i = 0; i < 3; i++) await answerCurrent(own, 'right');
    const current = await service.nextItem(own);
    await storage.close();
    storage = await openStorage(database);
    service = makeService();
    const resumed = await service.view(own);
    expect(resumed.item!.id).toBe(current.item!.id);
    expect(resumed.position).toBe(4);
    expect(await storage.responses.listFor(own.sittingId)).toHaveLength(3);
  });

  it('serves a candidate whose requests go to two instances in turn: each sees what the other wrote', async () => {
    // Each instance keeps the sitting as it last wrote it and starts the next action from there;
    // the other instance's writes must still show, and nothing may be lost or counted twice.
    const other = await openStorage(database);
    try {
      const a = service;
      const b = makeService(other);
      const own = await startItems();
      const respond = (view: SittingView, answer: 'right' | 'wrong' = 'right') => {
        const item = bank.item(view.item!.id)!;
        return (answer === 'right' ? correctResponse : wrongResponse)(item.type, item.content, view.item!.view);
      };
      const first = await a.nextItem(own);
      const second = await a.answer(own, first.item!.id, respond(first));
      const third = await b.answer(own, second.item!.id, respond(second));
      // a last wrote the second item on screen: it shows the third, and takes its answer.
      expect((await a.view(own)).item!.id).toBe(third.item!.id);
      const fourth = await a.answer(own, third.item!.id, respond(third, 'wrong'));
      expect(fourth.position).toBe(4);
      // Drafts written over each other: the last one written is the one kept.
      await b.saveDraft(own, fourth.item!.id, respond(fourth, 'wrong'));
      await a.saveDraft(own, fourth.item!.id, respond(fourth));
      expect((await b.view(own)).item!.draft).toEqual(respond(fourth));
      const fifth = await b.answer(own, fourth.item!.id, respond(fourth));
      expect((await a.view(own)).item!.id).toBe(fifth.item!.id);
      const responses = await storage.responses.listFor(own.sittingId);
      expect(responses.map((r) => [r.itemId, r.position])).toEqual([first, second, third, fourth].map((v, i) => [v.item!.id, i + 1]));
      expect(responses.map((r) => r.points > 0)).toEqual([true, true, false, true]);
    } finally {
      await other.close();
    }
  });
}

describe('a sitting of the written test (real bank, real engine): SQLite', () => {
  sittingCases(async () => ({ database: { kind: 'sqlite', file: path.join(tempDir(), 'cadre.sqlite') }, drop: async () => undefined }));
});

describe.runIf(postgresAvailable('sitting service'))('a sitting of the written test (real bank, real engine): PostgreSQL', () => {
  sittingCases(async () => {
    const db = await createTestDatabase();
    return { database: { kind: 'postgres', url: db.url, poolSize: 4 }, drop: db.drop };
  });
});
