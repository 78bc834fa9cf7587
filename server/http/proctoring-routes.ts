import { randomBytes } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { MAX_HEARTBEAT_FRAME_BYTES, MAX_IDENTITY_PHOTO_BYTES, MAX_SNAPSHOT_BYTES, type ProctoringService } from '../domain/proctoring/service.js';
import { validate } from './validate.js';

const sittingParams = z.object({ sittingId: z.string().min(1).max(128) });
const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
/** The browser's own event ids (UUIDs); never the server's "server:…" ids of the evidence it records itself. */
const clientId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/);
const eventBatch = z.object({
  events: z
    .array(
      z.object({
        clientId,
        type: z.string().min(3).max(64),
        startedAt: isoDate,
        endedAt: isoDate.nullable().default(null),
        details: z
          .record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()]))
          .refine((d) => Object.keys(d).length <= 20, 'at most 20 details')
          .default({}),
      }),
    )
    .max(200),
});

/** One download test answer at most (the component asks for 256 KB–1 MB). */
const MAX_PROBE_BYTES = 2 * 1024 * 1024;
let probe: Buffer | undefined;
const probeBytes = () => (probe ??= randomBytes(MAX_PROBE_BYTES));

const noStore = (res: express.Response) => res.setHeader('cache-control', 'no-store');
const bodyBytes = (req: Request): Uint8Array => (Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array());

/** Who a sitting belongs to, in words a reviewer recognises (the enrolment's user and activity). */
export interface SittingNames {
  of(userId: string, activityId: string | null): Promise<{ candidateName: string | null; activityTitle: string | null }>;
}

/** A sitting of the reviewers' queue, with the candidate's name and the activity's title. */
export interface ReviewQueueRow {
  sittingId: string;
  userId: string;
  candidateName: string | null;
  activityTitle: string | null;
  finishedAt: string | null;
  maxSeverity: string;
  flaggedSeconds: number;
  eventCount: number;
}

/**
 * The candidate's side of proctoring (their own sitting only), the connection test endpoints and
 * the reviewers' side (queue, timeline, evidence, decisions, accommodations).
 */
export function proctoringRoutes(service: ProctoringService, names?: SittingNames): Router {
  const router = Router();
  const namesOf = (userId: string, activityId: string | null) =>
    names ? names.of(userId, activityId) : Promise.resolve({ candidateName: null, activityTitle: null });
  const snapshotBody = express.raw({ type: ['image/jpeg', 'image/png'], limit: MAX_SNAPSHOT_BYTES + 1024 });
  const photoBody = express.raw({ type: ['image/jpeg', 'image/png'], limit: MAX_IDENTITY_PHOTO_BYTES + 1024 });
  const frameBody = express.raw({ type: ['image/jpeg', 'image/png'], limit: MAX_HEARTBEAT_FRAME_BYTES + 1024 });

  // --- connection test (equipment check): against our own server, never a third party ---
  router.get('/api/connection/ping', (_req, res) => {
    noStore(res);
    res.status(204).end();
  });
  router.get('/api/connection/download', (req, res) => {
    const { query } = validate(req, { query: z.object({ bytes: z.coerce.number().int().min(1).max(MAX_PROBE_BYTES).default(262_144) }) });
    noStore(res);
    res.type('application/octet-stream').send(probeBytes().subarray(0, query.bytes));
  });
  router.post('/api/connection/upload', express.raw({ type: 'application/octet-stream', limit: MAX_PROBE_BYTES }), (req, res) => {
    noStore(res);
    res.json({ bytes: bodyBytes(req).length });
  });

  // --- candidate ---
  const base = '/api/proctoring/sittings/:sittingId';
  router.get(base, async (req, res) => {
    const { params } = validate(req, { params: sittingParams });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    res.json(service.monitorConfig(sitting));
  });
  router.post(`${base}/consent`, async (req, res) => {
    const { params, body } = validate(req, { params: sittingParams, body: z.object({ accepted: z.literal(true), locale: z.enum(['fr', 'en']) }) });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    await service.recordConsent(sitting, body.locale, req.principal!, String(req.id));
    res.status(204).end();
  });
  router.post(`${base}/equipment`, async (req, res) => {
    const { params, body } = validate(req, { params: sittingParams, body: z.object({ passed: z.boolean(), result: z.record(z.string(), z.unknown()) }) });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    if (JSON.stringify(body.result).length > 8_000) throw new z.ZodError([{ code: 'custom', path: ['result'], message: 'too large', input: undefined }]);
    await service.recordEquipment(sitting, body.passed, body.result);
    res.status(204).end();
  });
  router.put(`${base}/identity/:kind`, photoBody, async (req, res) => {
    const { params, query } = validate(req, {
      params: sittingParams.extend({ kind: z.enum(['face', 'document']) }),
      query: z.object({ faces: z.coerce.number().int().min(0).max(20).optional() }),
    });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    res.status(201).json(await service.putIdentityPhoto(sitting, params.kind, bodyBytes(req), query.faces === undefined ? {} : { faces: query.faces }));
  });
  router.post(`${base}/events`, async (req, res) => {
    const { params, body } = validate(req, { params: sittingParams, body: eventBatch });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    res.json({ stored: await service.reportEvents(sitting, body.events) });
  });
  // Monitoring heartbeat (every 15 s during the items): a small frame, or no body when exempted from the camera.
  router.put(`${base}/heartbeat`, frameBody, async (req, res) => {
    const { params, query } = validate(req, {
      params: sittingParams,
      query: z.object({ faces: z.coerce.number().int().min(0).max(20).optional() }),
    });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    await service.heartbeat(sitting, bodyBytes(req), query.faces ?? null);
    res.status(204).end();
  });
  router.put(`${base}/events/:clientId/snapshot`, snapshotBody, async (req, res) => {
    const { params } = validate(req, { params: sittingParams.extend({ clientId }) });
    const sitting = await service.candidateSitting(req.principal, params.sittingId);
    const result = await service.addSnapshot(sitting, params.clientId, bodyBytes(req));
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  // --- reviewers and centre admins ---
  router.get('/api/review/queue', async (req, res) => {
    service.requireReviewer(req.principal);
    const queue = await service.queue();
    const sittings: ReviewQueueRow[] = await Promise.all(
      queue.map(async (q) => ({
        sittingId: q.sittingId,
        userId: q.userId,
        ...(await namesOf(q.userId, q.activityId)),
        finishedAt: q.finishedAt?.toISOString() ?? null,
        maxSeverity: q.maxSeverity,
        flaggedSeconds: q.flaggedSeconds,
        eventCount: q.eventCount,
      })),
    );
    res.json({ sittings });
  });
  router.get('/api/review/sittings/:sittingId', async (req, res) => {
    service.requireReviewer(req.principal);
    const { params } = validate(req, { params: sittingParams });
    const review = await service.review(params.sittingId);
    res.json({
      ...review,
      names: await namesOf(review.sitting.userId, review.sitting.activityId),
      events: review.events.map((e) => ({ ...e, snapshotUrl: e.snapshotId ? `/api/review/evidence/snapshot/${e.snapshotId}` : null })),
      identityPhotos: review.identityPhotos.map((p) => ({ ...p, url: `/api/review/evidence/identity/${p.id}` })),
    });
  });
  router.get('/api/review/evidence/:kind/:id', async (req, res) => {
    const { params } = validate(req, { params: z.object({ kind: z.enum(['snapshot', 'identity']), id: z.uuid() }) });
    const file = await service.evidence(req.principal, params.kind, params.id);
    res.setHeader('cache-control', 'private, no-store');
    res.type(file.contentType).send(Buffer.from(file.bytes));
  });
  router.post('/api/review/sittings/:sittingId/decision', async (req, res) => {
    const principal = service.requireReviewer(req.principal);
    const { params, body } = validate(req, {
      params: sittingParams,
      body: z.object({ decision: z.enum(['validated', 'invalidated']), reason: z.string().max(2000).optional() }),
    });
    await service.decide(principal, params.sittingId, body.decision, body.reason, String(req.id));
    res.json({ status: await service.integrity(params.sittingId) });
  });
  router.post('/api/review/sittings/:sittingId/accommodation', async (req, res) => {
    const principal = service.requireReviewer(req.principal);
    const { params, body } = validate(req, { params: sittingParams, body: z.object({ cameraExempt: z.boolean(), reason: z.string().max(2000) }) });
    await service.setCameraExempt(principal, params.sittingId, body.cameraExempt, body.reason, String(req.id));
    res.status(204).end();
  });
  return router;
}
