import { SKILLS } from '../cefr.js';
import { createSeededRng } from '../adaptive/prng.js';
import { finalResults, isSkillComplete, nextItem, recordResponse, skillResult, startSkill } from '../adaptive/session.js';
import { AppError } from '../../errors.js';
import type { DeliveryStore, ItemTypeRegistry, LoadedBank, SittingChanges, SittingOwner } from './ports.js';
import { noDowntime, type Downtime } from './downtime.js';
import {
  currentSkill,
  DEADLINE_GRACE_MS,
  deadlineOf,
  firstStep,
  isOverdue,
  itemsServed,
  MAX_AUDIO_PLAYS,
  remainingMs,
  stepAfter,
  stepsFor,
  timeLimitMs,
  type CurrentItem,
  type PreTestStep,
  type Sitting,
  type SittingSettings,
  WRITTEN_DONE_JOB,
} from './sitting.js';

export interface Clock {
  now(): Date;
}

export interface SittingServiceDeps {
  store: DeliveryStore;
  banks: (bankId: string) => LoadedBank;
  itemTypes: ItemTypeRegistry;
  clock: Clock;
  /** Unpredictable ids and seeds (crypto in production). */
  randomId: () => string;
  randomSeed: () => number;
  /** Time the server could not accept answers: deadlines move by it (none when absent). */
  downtime?: Downtime;
}

/** What the candidate's browser may know: no keys, no parameters, no items not yet given. */
export interface SittingView {
  id: string;
  step: Sitting['step'];
  steps: PreTestStep[];
  /** Under webcam proctoring (the page runs the monitor during the items). */
  proctored: boolean;
  section: { index: number; skill: string; count: number };
  position: number;
  total: number;
  /** In the reply to an answer: whether it counted (on time) or came too late (the draft saved in time counted). */
  answer?: { itemId: string; late: boolean };
  item: null | {
    id: string;
    type: string;
    skill: string;
    view: unknown;
    draft: unknown;
    timeLimitMs: number;
    remainingMs: number;
    audioPlaysLeft: number | null;
  };
}

const TOTAL_ITEMS = SKILLS.length * 10;
const AUDIO_TICKET_TTL_MS = 60_000;
/** How much sooner than the server a browser's clock may reach an item's deadline. */
const CLOCK_SKEW_MS = 1_500;

/**
 * The rules of a sitting over time. A candidate has one sitting per activity, found by its owner
 * (activity and user). Every action loads the sitting, first settles an item whose deadline has
 * passed (its answer as it stands is scored as timed out), applies the candidate's action, and
 * commits the sitting with what the action produced (responses, exposure counts, jobs) all at
 * once, over the version it read: two tabs acting at once are serialised by that version.
 */
export class SittingService {
  private readonly downtime: Downtime;

  constructor(private readonly deps: SittingServiceDeps) {
    this.downtime = deps.downtime ?? noDowntime;
  }

  /** How long, since the item was served, the server could not accept answers. */
  private pausedMs(item: CurrentItem, now: Date): number {
    return this.downtime.between(new Date(item.servedAt), now);
  }

  /** The candidate's sitting for this activity, created on first visit. */
  async open(owner: SittingOwner, bankId: string, settings: SittingSettings): Promise<Sitting> {
    const existing = await this.deps.store.sittings.findFor(owner);
    if (existing) return existing;
    const now = this.deps.clock.now().toISOString();
    const sitting: Sitting = {
      id: this.deps.randomId(),
      activityId: owner.activityId,
      userId: owner.userId,
      bankId,
      settings,
      step: firstStep(settings),
      sectionIndex: 0,
      skillState: null,
      results: [],
      current: null,
      stepData: {},
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    if (await this.deps.store.sittings.create(sitting)) return sitting;
    // Created meanwhile by another request of the same candidate.
    return (await this.deps.store.sittings.findFor(owner))!;
  }

  find(owner: SittingOwner): Promise<Sitting | undefined> {
    return this.deps.store.sittings.findFor(owner);
  }

  async get(sittingId: string): Promise<Sitting> {
    const sitting = await this.deps.store.sittings.get(sittingId);
    if (!sitting) throw new AppError('sitting:not-found', { sittingId }, 404);
    return sitting;
  }

  /** The state to show, after settling an item that timed out while the candidate was away. */
  async view(owner: SittingOwner): Promise<SittingView> {
    return this.toView(await this.mutate(owner, () => false));
  }

  async completeStep(owner: SittingOwner, step: PreTestStep, data: unknown): Promise<SittingView> {
    const sitting = await this.mutate(owner, (s) => {
      if (s.step !== step) throw new AppError('sitting:wrong-step', { expected: s.step, got: step }, 409);
      s.stepData = { ...s.stepData, [step]: data };
      s.step = stepAfter(s.settings, step);
    });
    return this.toView(sitting);
  }

  /** Serves the next item (or returns the one on screen: a reload never draws another). */
  async nextItem(owner: SittingOwner): Promise<SittingView> {
    const sitting = await this.mutate(owner, async (s, changes, now) => {
      if (s.step !== 'items') throw new AppError('sitting:wrong-step', { expected: s.step, got: 'items' }, 409);
      if (s.current) return false;
      await this.serveNext(s, changes, now);
    });
    return this.toView(sitting);
  }

  /** Keeps the answer as it stands, so a reload or a deadline loses nothing. */
  async saveDraft(owner: SittingOwner, itemId: string, response: unknown): Promise<void> {
    await this.mutate(owner, (s) => {
      const current = this.expectCurrent(s, itemId);
      current.draft = this.parseResponse(s, current, response);
    });
  }

  /**
   * Scores the answer; past the deadline (and its grace) the draft saved in time counts instead.
   * Within a section the next item is served in the same commit, so the reply carries it: one
   * round trip per item, and the next item shows at once. After a section's last item the reply
   * has none: the page shows the next section's instructions, then asks for it (nextItem).
   */
  async answer(owner: SittingOwner, itemId: string, response: unknown): Promise<SittingView> {
    // No settling first: a late answer to the item on screen is this call's to settle (from its draft).
    let late = false;
    const sitting = await this.mutate(
      owner,
      async (s, changes, now) => {
        const current = this.expectCurrent(s, itemId);
        const parsed = this.parseResponse(s, current, response);
        late = this.finishItem(s, current, parsed, false, now, changes);
        if (s.step === 'items' && s.skillState) await this.serveNext(s, changes, now);
      },
      { settleFirst: false },
    );
    return { ...this.toView(sitting), answer: { itemId, late } };
  }

  /**
   * The page's clock reached zero: the answer as it stands (`response`, else the draft) is scored.
   * No next item is served: the page pauses 3 seconds first, then asks for it (nextItem).
   * Idempotent: when the item was already settled, the current state is returned.
   */
  async timeUp(owner: SittingOwner, itemId: string, response?: unknown): Promise<SittingView> {
    const sitting = await this.mutate(owner, (s, changes, now) => {
      if (!s.current || s.current.itemId !== itemId) return false;
      if (now.getTime() < deadlineOf(s.current, this.pausedMs(s.current, now)) - CLOCK_SKEW_MS) throw new AppError('sitting:not-time-yet', {}, 409);
      const standing = response == null ? null : this.parseResponse(s, s.current, response);
      this.finishItem(s, s.current, standing, standing === null, now, changes);
    });
    return this.toView(sitting);
  }

  /** A one-time URL for the item's audio; the third request is refused. */
  async audioTicket(owner: SittingOwner, itemId: string): Promise<{ ticket: string; playsLeft: number }> {
    let ticket = '';
    const sitting = await this.mutate(owner, (s, _changes, now) => {
      const current = this.expectCurrent(s, itemId);
      const item = this.deps.banks(s.bankId).item(itemId)!;
      if (!this.deps.itemTypes.get(item.type)?.audioFile?.(item.content)) throw new AppError('sitting:no-audio', { itemId }, 400);
      if (current.audioPlays >= MAX_AUDIO_PLAYS) throw new AppError('sitting:audio-plays-exhausted', { max: MAX_AUDIO_PLAYS }, 409);
      current.audioPlays += 1;
      ticket = this.deps.randomId();
      current.audioTickets[ticket] = { redeemed: false, expiresAt: new Date(now.getTime() + AUDIO_TICKET_TTL_MS).toISOString() };
    });
    return { ticket, playsLeft: MAX_AUDIO_PLAYS - sitting.current!.audioPlays };
  }

  /** Exchanges a ticket, once, for the audio file to stream. */
  async redeemAudio(owner: SittingOwner, ticket: string): Promise<string> {
    let file = '';
    await this.mutate(owner, (s, _changes, now) => {
      const entry = s.current?.audioTickets[ticket];
      if (!entry || entry.redeemed || new Date(entry.expiresAt) < now) throw new AppError('sitting:audio-ticket-invalid', {}, 410);
      entry.redeemed = true;
      const bank = this.deps.banks(s.bankId);
      const item = bank.item(s.current!.itemId)!;
      const path = bank.audioPath(this.deps.itemTypes.get(item.type)!.audioFile!(item.content));
      if (!path) throw new AppError('sitting:audio-missing', {}, 500);
      file = path;
    });
    return file;
  }

  // --- internals ---------------------------------------------------------------------------

  /** Draws the current skill's next item with the adaptive engine and puts it on screen, its clock running. */
  private async serveNext(s: Sitting, changes: SittingChanges, now: Date): Promise<void> {
    const bank = this.deps.banks(s.bankId);
    const skill = currentSkill(s);
    if (!s.skillState) {
      s.skillState = startSkill(bank.engine, skill, s.results);
      changes.exposure.push({ bankId: bank.id, skill, itemId: '' });
    }
    const counts = await this.deps.store.exposure.loadSkillCounts(bank.id, skill);
    const picked = nextItem(bank.engine, s.skillState, counts, createSeededRng(this.deps.randomSeed()));
    s.skillState = picked.state;
    const item = bank.item(picked.itemId);
    if (!item) throw new Error(`item ${picked.itemId} selected but missing from bank ${bank.id}`);
    changes.exposure.push({ bankId: bank.id, skill, itemId: item.id });
    const limit = timeLimitMs(item.timeLimitSeconds, s.settings);
    s.current = {
      itemId: item.id,
      skill,
      position: itemsServed(s) + 1,
      servedAt: now.toISOString(),
      deadline: new Date(now.getTime() + limit).toISOString(),
      viewSeed: this.deps.randomSeed(),
      draft: null,
      audioPlays: 0,
      audioTickets: {},
    };
  }

  private expectCurrent(s: Sitting, itemId: string): CurrentItem {
    if (!s.current || s.current.itemId !== itemId) throw new AppError('sitting:not-current-item', { itemId }, 409);
    return s.current;
  }

  private parseResponse(s: Sitting, current: CurrentItem, response: unknown): unknown {
    const item = this.deps.banks(s.bankId).item(current.itemId)!;
    const type = this.deps.itemTypes.get(item.type);
    if (!type) throw new Error(`no item type ${item.type}`);
    const parsed = type.responseSchema.safeParse(response);
    if (!parsed.success)
      throw new AppError('sitting:invalid-response', { itemId: item.id, problems: parsed.error.issues.map((i) => i.message).join('; ') }, 400);
    return parsed.data;
  }

  /**
   * Ends the item on screen: scores the answer (or, late, the draft), feeds the adaptive engine,
   * moves to the next section when a skill is complete, and to written-done after the last.
   * Returns whether it was late (the draft counted).
   */
  private finishItem(s: Sitting, current: CurrentItem, response: unknown, settling: boolean, now: Date, changes: SittingChanges): boolean {
    const bank = this.deps.banks(s.bankId);
    const item = bank.item(current.itemId)!;
    const type = this.deps.itemTypes.get(item.type)!;
    const paused = this.pausedMs(current, now);
    const late = settling || isOverdue(current, now, paused);
    const counted = late ? current.draft : response;
    const { points, maxPoints } = type.score(item.content, counted ?? type.emptyResponse(item.content));
    changes.responses.push({
      sittingId: s.id,
      itemId: item.id,
      skill: current.skill,
      position: current.position,
      response: counted ?? null,
      points,
      maxPoints,
      timedOut: late,
      servedAt: current.servedAt,
      answeredAt: (late ? new Date(Math.min(now.getTime(), deadlineOf(current, paused) + DEADLINE_GRACE_MS)) : now).toISOString(),
    });
    s.skillState = recordResponse(bank.engine, s.skillState!, item.id, points);
    s.current = null;
    if (isSkillComplete(bank.engine, s.skillState)) {
      s.results = [...s.results, skillResult(bank.engine, s.skillState)];
      s.skillState = null;
      s.sectionIndex += 1;
      if (s.sectionIndex >= SKILLS.length) {
        // the reported levels: each skill re-estimated with all the others (engine config finalPrior)
        s.results = finalResults(bank.engine, s.results);
        s.step = 'written-done';
        changes.jobs.push({ type: WRITTEN_DONE_JOB, payload: { sittingId: s.id }, idempotencyKey: `${WRITTEN_DONE_JOB}:${s.id}` });
      }
    }
    return late;
  }

  /**
   * Load, settle, apply, commit over the version read; again when another request wrote first.
   * The first attempt starts from the state this instance last knew (storage's `known`, no read);
   * as that may be stale, an attempt from it proves itself by committing: when it would write
   * nothing or the action refuses it, the action starts again from the database.
   */
  private async mutate(
    owner: SittingOwner,
    /** Changes the sitting in place; returns false when it changed nothing (then nothing is written). */
    apply: (s: Sitting, changes: SittingChanges, now: Date) => boolean | void | Promise<boolean | void>,
    { settleFirst = true } = {},
  ): Promise<Sitting> {
    for (let attempt = 0; attempt < 5; attempt++) {
      // A fresh object, changed in place and written over the version it had.
      const known = attempt === 0 ? this.deps.store.sittings.known(owner) : undefined;
      const s = known ?? (await this.deps.store.sittings.findFor(owner));
      if (!s) throw new AppError('sitting:not-found', {}, 404);
      const now = this.deps.clock.now();
      const changes: SittingChanges = { responses: [], exposure: [], jobs: [] };
      const settled = settleFirst && s.current !== null && isOverdue(s.current, now, this.pausedMs(s.current, now));
      if (settled) this.finishItem(s, s.current!, null, true, now, changes);
      let changed: boolean;
      try {
        changed = (await apply(s, changes, now)) !== false;
      } catch (error) {
        if (known) continue;
        throw error;
      }
      if (!settled && !changed) {
        if (known) continue;
        return s;
      }
      s.version += 1;
      s.updatedAt = now.toISOString();
      if (await this.deps.store.sittings.commit(s, changes, now)) return s;
    }
    throw new AppError('sitting:busy', {}, 409);
  }

  private toView(s: Sitting): SittingView {
    const now = this.deps.clock.now();
    const skill = SKILLS[Math.min(s.sectionIndex, SKILLS.length - 1)]!;
    let item: SittingView['item'] = null;
    if (s.current) {
      const bankItem = this.deps.banks(s.bankId).item(s.current.itemId)!;
      const type = this.deps.itemTypes.get(bankItem.type)!;
      item = {
        id: bankItem.id,
        type: bankItem.type,
        skill: s.current.skill,
        view: type.candidateView(bankItem.content, seededFn(s.current.viewSeed)),
        draft: s.current.draft,
        timeLimitMs: timeLimitMs(bankItem.timeLimitSeconds, s.settings),
        remainingMs: remainingMs(s.current, now, this.pausedMs(s.current, now)),
        audioPlaysLeft: type.audioFile?.(bankItem.content) ? MAX_AUDIO_PLAYS - s.current.audioPlays : null,
      };
    }
    return {
      id: s.id,
      step: s.step,
      steps: stepsFor(s.settings),
      proctored: s.settings.proctoring,
      section: { index: Math.min(s.sectionIndex, SKILLS.length - 1), skill, count: SKILLS.length },
      position: s.current ? s.current.position : itemsServed(s),
      total: TOTAL_ITEMS,
      item,
    };
  }
}

/** The plugins' shuffles take a plain () => number. */
function seededFn(seed: number): () => number {
  const rng = createSeededRng(seed);
  return () => rng.next();
}
