import fs from 'node:fs';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { LoadedBank, SittingOwner } from '../domain/delivery/ports.js';
import { ITEMS_PER_SKILL, itemsServed, PRE_TEST_STEPS, type Sitting, type SittingSettings } from '../domain/delivery/sitting.js';
import type { SittingService } from '../domain/delivery/sitting-service.js';
import { AppError } from '../errors.js';
import { requireLti } from './principal.js';
import { emptyBody, validate } from './validate.js';

/** What delivery needs to know of an activity (the LTI layer's resource link and its settings). */
export interface ActivityInfo {
  title: string | null;
  settings: {
    language?: string | undefined;
    targetLevel?: string | undefined;
    oralRequired: boolean;
    proctoring: boolean;
    availableFrom?: string | undefined;
    availableUntil?: string | undefined;
    accommodations: { extraTimePercent: number };
  };
}

export interface SittingRoutesDeps {
  sittings: SittingService;
  banks: ReadonlyMap<string, LoadedBank>;
  clock: Clock;
  activity(activityId: string): Promise<ActivityInfo | undefined>;
  /** Proctored sittings are registered with the proctoring module when they open. */
  proctoring: {
    registerSitting(sittingId: string, userId: string, activityId: string): Promise<unknown>;
    /** The proctoring step really happened (consent recorded, equipment passed, both identity photos). */
    stepDone(sittingId: string, step: 'consent' | 'equipment' | 'identity'): Promise<boolean>;
  };
  /** The candidate's personal details are stored: the written test does not start without them. */
  personalDetails: { complete(owner: SittingOwner): Promise<boolean> };
  /** The candidate's own accommodation for this activity (set on the instructor dashboard), if any. */
  accommodation?(activityId: string, userId: string): Promise<{ timeMultiplier: number; proctoringExempt: boolean } | undefined>;
  /** The oral booking of a sitting whose written part is done: booked (when), or left for the centre to book. */
  oral?(sittingId: string): Promise<{ state: 'booked'; at: string } | { state: 'centre-books' } | undefined>;
  /** Where the candidate's certification result stands (the results module), with the links once released. */
  results?(activityId: string, userId: string): Promise<{ oralDone: boolean; results: CandidateHome['results'] } | undefined>;
  /** When an instructor last reset the candidate's attempt (the dashboard's archive), if ever. */
  lastReset?(activityId: string, userId: string): Promise<Date | undefined>;
}

const itemParams = z.object({ itemId: z.string().min(1).max(100) });
const responseBody = z.object({ response: z.unknown() });
const TOTAL = 5 * ITEMS_PER_SKILL;

/** GET /api/candidate/home: what the candidate's course page shows. */
export interface CandidateHome {
  activity: { title: string | null; targetLevel: string | null; oralRequired: boolean; availableFrom: string | null; availableUntil: string | null };
  written: { state: 'not-started' | 'in-progress' | 'done'; answered: number; total: number };
  oral: { state: 'not-required' | 'after-written' | 'to-book' | 'booked' | 'centre-books' | 'done'; at?: string };
  results:
    | { state: 'pending' }
    | { state: 'released'; overall: string | null; sheetUrl: string; pdfUrl: string; certificateUrl: string | null; certificatePdfUrl: string | null }
    | { state: 'invalidated'; reason: string | null };
  /** The instructor reset the candidate's attempt (they start again): when. */
  reset: { at: string } | null;
  /** The personal-details form, required before the written test. */
  personalDetails: { state: 'missing' | 'complete' };
  /** False outside the availability window (a sitting under way may still be finished). */
  open: boolean;
}

/**
 * The candidate's own sitting, and nobody else's: the sitting is always the one of the launch's
 * activity and user, never one named in the request.
 */
export function sittingRoutes(deps: SittingRoutesDeps): Router {
  const router = Router();

  async function activityOf({ activityId }: { activityId: string | null }): Promise<ActivityInfo> {
    if (!activityId) throw new AppError('error:forbidden', {}, 403);
    const activity = await deps.activity(activityId);
    if (!activity) throw new AppError('sitting:not-found', {}, 404);
    return activity;
  }

  function isOpen(activity: ActivityInfo): boolean {
    const now = deps.clock.now().toISOString();
    const { availableFrom, availableUntil } = activity.settings;
    return (!availableFrom || new Date(availableFrom).toISOString() <= now) && (!availableUntil || now <= new Date(availableUntil).toISOString());
  }

  /** The bank of the activity's language; an activity without a language uses the only bank there is. */
  function bankFor(activity: ActivityInfo): LoadedBank {
    const language = activity.settings.language ?? (deps.banks.size === 1 ? [...deps.banks.keys()][0]! : 'en');
    const bank = deps.banks.get(language);
    if (!bank) throw new AppError('sitting:no-bank', { language }, 409);
    return bank;
  }

  /** The candidate asking: their sitting is the one of their launch's activity, never one named in the request. */
  function ownerOf(req: Request): SittingOwner {
    const principal = requireLti(req, 'candidate');
    if (!principal.activityId) throw new AppError('error:forbidden', {}, 403);
    return { activityId: principal.activityId, userId: principal.userId };
  }

  /** The candidate's sitting, opened on their first look at it (the exam page starts there). */
  async function openSitting(req: Request): Promise<{ owner: SittingOwner; sitting: Sitting }> {
    const owner = ownerOf(req);
    const started = await deps.sittings.find(owner);
    if (started) return { owner, sitting: started };
    const activity = await activityOf(owner);
    // A sitting starts only inside the activity's window; one under way may finish after it.
    if (!isOpen(activity)) throw new AppError('sitting:not-available', {}, 403);
    // The candidate's accommodation first, else the activity's extra time for everyone.
    const own = await deps.accommodation?.(owner.activityId, owner.userId);
    const settings: SittingSettings = {
      proctoring: activity.settings.proctoring && !own?.proctoringExempt,
      timeMultiplier: own?.timeMultiplier ?? 1 + activity.settings.accommodations.extraTimePercent / 100,
    };
    const sitting = await deps.sittings.open(owner, bankFor(activity).id, settings);
    if (settings.proctoring) await deps.proctoring.registerSitting(sitting.id, owner.userId, owner.activityId);
    return { owner, sitting };
  }

  router.get('/api/candidate/home', async (req, res) => {
    const principal = requireLti(req, 'candidate');
    const activity = await activityOf(principal);
    const sitting: Sitting | undefined = await deps.sittings.find({ activityId: principal.activityId!, userId: principal.userId });
    const written = !sitting ? 'not-started' : sitting.step === 'written-done' ? 'done' : 'in-progress';
    const detailsDone = await deps.personalDetails.complete({ activityId: principal.activityId!, userId: principal.userId });
    const outcome = written === 'done' ? await deps.results?.(principal.activityId!, principal.userId) : undefined;
    const resetAt = await deps.lastReset?.(principal.activityId!, principal.userId);
    res.json({
      activity: {
        title: activity.title,
        targetLevel: activity.settings.targetLevel ?? null,
        oralRequired: activity.settings.oralRequired,
        availableFrom: activity.settings.availableFrom ?? null,
        availableUntil: activity.settings.availableUntil ?? null,
      },
      written: { state: written, answered: sitting ? itemsServed(sitting) - (sitting.current ? 1 : 0) : 0, total: TOTAL },
      oral: !activity.settings.oralRequired
        ? { state: 'not-required' }
        : outcome?.oralDone
          ? { state: 'done' }
          : written === 'done'
            ? ((await deps.oral?.(sitting!.id)) ?? { state: 'to-book' })
            : { state: 'after-written' },
      results: outcome?.results ?? { state: 'pending' },
      // Said while the candidate has not started again (a new sitting after the reset is their attempt now).
      reset: resetAt && (!sitting || sitting.step !== 'written-done') ? { at: resetAt.toISOString() } : null,
      personalDetails: { state: detailsDone ? 'complete' : 'missing' },
      open: isOpen(activity),
    } satisfies CandidateHome);
  });

  router.get('/api/sitting', async (req, res) => {
    const { owner } = await openSitting(req);
    res.json(await deps.sittings.view(owner));
  });

  router.post('/api/sitting/steps/:step', async (req, res) => {
    const { params, body } = validate(req, {
      params: z.object({ step: z.enum(PRE_TEST_STEPS) }),
      body: z.object({ data: z.record(z.string(), z.unknown()).default({}) }),
    });
    const { owner, sitting } = await openSitting(req);
    // The personal-details form comes first (the candidate guide): no step before it is stored.
    if (!(await deps.personalDetails.complete(owner))) throw new AppError('details:required', {}, 409);
    // A proctoring step is done when the proctoring module has its record, not when the page says so.
    if (params.step !== 'instructions' && !(await deps.proctoring.stepDone(sitting.id, params.step)))
      throw new AppError('sitting:step-not-done', { step: params.step }, 409);
    res.json(await deps.sittings.completeStep(owner, params.step, body.data));
  });

  // The item routes act on a sitting already open (404 otherwise): one query to find it, one to write.
  router.post('/api/sitting/next', async (req, res) => {
    validate(req, { body: emptyBody });
    res.json(await deps.sittings.nextItem(ownerOf(req)));
  });

  router.put('/api/sitting/items/:itemId/draft', async (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: responseBody });
    await deps.sittings.saveDraft(ownerOf(req), params.itemId, body.response);
    res.status(204).end();
  });

  router.post('/api/sitting/items/:itemId/answer', async (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: responseBody });
    res.json(await deps.sittings.answer(ownerOf(req), params.itemId, body.response));
  });

  router.post('/api/sitting/items/:itemId/time-up', async (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: z.object({ response: z.unknown().optional() }) });
    res.json(await deps.sittings.timeUp(ownerOf(req), params.itemId, body.response));
  });

  router.post('/api/sitting/items/:itemId/audio', async (req, res) => {
    const { params } = validate(req, { params: itemParams, body: emptyBody });
    const { ticket, playsLeft } = await deps.sittings.audioTicket(ownerOf(req), params.itemId);
    res.json({ url: `/api/sitting/audio/${ticket}`, playsLeft });
  });

  // The audio element fetches this once; a second fetch of the same URL is refused.
  router.get('/api/sitting/audio/:ticket', async (req, res) => {
    const { params } = validate(req, { params: z.object({ ticket: z.string().regex(/^[\w-]{16,64}$/) }) });
    const file = await deps.sittings.redeemAudio(ownerOf(req), params.ticket);
    res.set('cache-control', 'no-store');
    res.type(file.endsWith('.mp3') ? 'audio/mpeg' : 'audio/ogg');
    fs.createReadStream(file).pipe(res);
  });

  return router;
}
