import fs from 'node:fs';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { SittingSettings } from '../domain/delivery/sitting.js';
import { PRE_TEST_STEPS } from '../domain/delivery/sitting.js';
import type { SittingService } from '../domain/delivery/sitting-service.js';
import { AppError } from '../errors.js';
import { requireLti } from './principal.js';
import { validate } from './validate.js';

/** What an activity asks of the sitting of one candidate (from the activity and their accommodations). */
export interface SittingTerms {
  bankId: string;
  settings: SittingSettings;
  /** False outside the activity's availability window. */
  open: boolean;
}

export interface SittingRoutesDeps {
  sittings: SittingService;
  termsFor(activityId: string, userId: string): Promise<SittingTerms>;
}

const itemParams = z.object({ itemId: z.string().min(1).max(100) });
const responseBody = z.object({ response: z.unknown() });

/**
 * The candidate's own sitting, and nobody else's: the sitting is always the one of the launch's
 * activity and user, never one named in the request.
 */
export function sittingRoutes(deps: SittingRoutesDeps): Router {
  const router = Router();

  async function ownSittingId(req: Request): Promise<string> {
    const principal = requireLti(req, 'candidate');
    if (!principal.activityId) throw new AppError('error:forbidden', {}, 403);
    const started = await deps.sittings.find(principal.activityId, principal.userId);
    if (started) return started.id;
    // A sitting starts only inside the activity's window; one under way may finish after it.
    const terms = await deps.termsFor(principal.activityId, principal.userId);
    if (!terms.open) throw new AppError('sitting:not-available', {}, 403);
    return (await deps.sittings.open(principal.activityId, principal.userId, terms.bankId, terms.settings)).id;
  }

  router.get('/api/sitting', async (req, res) => {
    res.json(await deps.sittings.view(await ownSittingId(req)));
  });

  router.post('/api/sitting/steps/:step', async (req, res) => {
    const { params, body } = validate(req, { params: z.object({ step: z.enum(PRE_TEST_STEPS) }), body: z.object({ data: z.record(z.string(), z.unknown()).default({}) }) });
    res.json(await deps.sittings.completeStep(await ownSittingId(req), params.step, body.data));
  });

  router.post('/api/sitting/next', async (req, res) => {
    res.json(await deps.sittings.nextItem(await ownSittingId(req)));
  });

  router.put('/api/sitting/items/:itemId/draft', async (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: responseBody });
    await deps.sittings.saveDraft(await ownSittingId(req), params.itemId, body.response);
    res.status(204).end();
  });

  router.post('/api/sitting/items/:itemId/answer', async (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: responseBody });
    res.json(await deps.sittings.answer(await ownSittingId(req), params.itemId, body.response));
  });

  router.post('/api/sitting/items/:itemId/time-up', async (req, res) => {
    const { params } = validate(req, { params: itemParams });
    res.json(await deps.sittings.timeUp(await ownSittingId(req), params.itemId));
  });

  router.post('/api/sitting/items/:itemId/audio', async (req, res) => {
    const { params } = validate(req, { params: itemParams });
    const { ticket, playsLeft } = await deps.sittings.audioTicket(await ownSittingId(req), params.itemId);
    res.json({ url: `/api/sitting/audio/${ticket}`, playsLeft });
  });

  // The audio element fetches this once; a second fetch of the same URL is refused.
  router.get('/api/sitting/audio/:ticket', async (req, res) => {
    const { params } = validate(req, { params: z.object({ ticket: z.string().regex(/^[\w-]{16,64}$/) }) });
    const file = await deps.sittings.redeemAudio(await ownSittingId(req), params.ticket);
    res.set('cache-control', 'no-store');
    res.type(file.endsWith('.mp3') ? 'audio/mpeg' : file.endsWith('.opus') || file.endsWith('.ogg') ? 'audio/ogg' : 'application/octet-stream');
    fs.createReadStream(file).pipe(res);
  });

  return router;
}
