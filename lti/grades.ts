import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { translate, type Locale } from '../server/i18n.js';
import type { Activity, Gradebook } from '../server/domain/enrolment/enrolment.js';
import type { ActivityRepository, UserRepository } from '../server/domain/enrolment/ports.js';
import { PermanentJobError, type JobRepository } from '../server/domain/jobs/jobs.js';
import type { JobHandler } from '../server/jobs/worker.js';
import { GRADE_TAGS, GRADE_TAG_LABELS, LEVELS, levelScore, SCORE_MAXIMUM, type CefrLevel, type GradeTag } from '../server/domain/cefr.js';
import { SCOPE } from './claims.js';
import type { PlatformDirectory } from './platforms.js';
import { ServiceError, type PlatformServices } from './services.js';

/**
 * AGS grade passback through the durable jobs table. One line item per activity for the overall
 * level, one per skill and one for the oral, found or created by resource link and tag; scores
 * 0–6 (A1=1 … C2=6) with the level in the comment; Pending after the written part, FullyGraded
 * once the certification is validated. One job per line item and state: the idempotency key holds
 * the state, so the same state is never queued (nor posted) twice; a newer state is a new job.
 *
 * The final score must be the last word on every line item, whatever the LMS's outages and the
 * order the jobs run in (an LMS such as Moodle keeps the score with the newest timestamp and refuses
 * an older one with 409). So: a Pending score is stamped when it is queued, which is before any final
 * score of the same line item can be queued; queueing the final score cancels a Pending score still
 * waiting to be sent; a final score is stamped when it is sent, and a 409 ("a newer score is on
 * record": a Pending score recorded at the LMS's own clock) sends it again later with a fresh
 * timestamp; a Pending score refused with 409 is superseded, and that is the end of it.
 */

export const SCORE_JOB = 'lti.score';

/** Score jobs outlast a long LMS outage: with the worker's backoff (capped at one hour), about a day. */
export const SCORE_MAX_ATTEMPTS = 30;

/**
 * What a score says in the gradebook (Moodle shows the comment as the feedback, and nothing of the
 * progress), in the candidate's language: the level, or what a Pending score awaits.
 */
export function scoreComment(locale: Locale, score: { tag: GradeTag; level: CefrLevel | null; final: boolean }): string | undefined {
  if (score.level) return translate(locale, 'lti:grade-level', { level: score.level });
  if (!score.final) return translate(locale, score.tag === 'oral' ? 'lti:grade-pending-oral' : 'lti:grade-pending-written');
  return undefined;
}

const scorePayload = z.object({
  activityId: z.string(),
  userId: z.string(),
  tag: z.enum(GRADE_TAGS),
  level: z.enum(LEVELS).nullable(),
  /** Said in the gradebook instead of a level (an invalidated certification). */
  comment: z.string().max(1000).nullish(),
  gradingProgress: z.enum(['Pending', 'FullyGraded']),
  activityProgress: z.enum(['Submitted', 'Completed']),
  /** When the score was queued; a FullyGraded score is sent with the time it is sent, if later. */
  timestamp: z.string(),
});
type ScorePayload = z.infer<typeof scorePayload>;

export interface CertificationGrades {
  activityId: string;
  userId: string;
  /** 'written': after the written part (Pending); 'validated': the whole certification (FullyGraded). */
  stage: 'written' | 'validated';
  levels: Partial<Record<GradeTag, CefrLevel>>;
  /** An invalidated certification: no level, this comment on the overall line item. */
  comment?: string;
  /** Line items to send (an LMS profile may keep the overall one only). All seven by default. */
  tags?: readonly GradeTag[];
}

/** The one Pending job a line item can have for a candidate. */
function pendingKey(activityId: string, userId: string, tag: GradeTag): string {
  return `${SCORE_JOB}:${activityId}:${userId}:${tag}:pending`;
}

/** Queues the scores of one candidate's certification; returns how many new jobs were queued. */
export async function queueGrades(jobs: JobRepository, clock: Clock, grades: CertificationGrades): Promise<number> {
  const now = clock.now();
  const final = grades.stage === 'validated';
  let queued = 0;
  for (const tag of grades.tags ?? GRADE_TAGS) {
    const level = grades.levels[tag] ?? null;
    const comment = tag === 'overall' && level === null ? (grades.comment ?? null) : null;
    if (level === null && comment === null && final) continue;
    const payload: ScorePayload = {
      activityId: grades.activityId,
      userId: grades.userId,
      tag,
      level,
      comment,
      gradingProgress: final ? 'FullyGraded' : 'Pending',
      activityProgress: final ? 'Completed' : 'Submitted',
      timestamp: now.toISOString(),
    };
    let key = pendingKey(grades.activityId, grades.userId, tag);
    if (final) {
      const state = createHash('sha256')
        .update(JSON.stringify([tag, level, comment, payload.gradingProgress, payload.activityProgress]))
        .digest('hex')
        .slice(0, 24);
      key = `${SCORE_JOB}:${grades.activityId}:${grades.userId}:${tag}:${state}`;
    }
    if (await jobs.findByIdempotencyKey(key)) continue; // this state is queued or sent already
    if (final) {
      // A Pending score still waiting (the LMS was down) must not land after this one.
      const pending = await jobs.findByIdempotencyKey(pendingKey(grades.activityId, grades.userId, tag));
      if (pending?.status === 'pending') await jobs.cancel(pending.id, 'superseded by the final score', now);
    }
    await jobs.enqueue({ type: SCORE_JOB, payload, idempotencyKey: key, maxAttempts: SCORE_MAX_ATTEMPTS }, now);
    queued += 1;
  }
  return queued;
}

export interface LineItemJson {
  id: string;
  label?: string;
  tag?: string;
  resourceLinkId?: string;
}

/** The activity's column for a tag among the LMS's line items (an LMS may ignore the search filters). */
export function matchingLineItem(items: readonly LineItemJson[], tag: GradeTag, resourceLinkId: string): LineItemJson | undefined {
  return items.find((li) => li.tag === tag && (!li.resourceLinkId || li.resourceLinkId === resourceLinkId));
}

export interface GradeDeps {
  store: { activities: ActivityRepository; users: UserRepository };
  platforms: PlatformDirectory;
  services: PlatformServices;
  clock: Clock;
}

/** Rethrows a service failure as the job worker expects: transient → retry, else stop with reason. */
function forJob(error: unknown): never {
  if (error instanceof ServiceError && !error.transient) throw new PermanentJobError(error.message);
  throw error;
}

/** The job handler that posts one score. */
export function scoreJobHandler(deps: GradeDeps): JobHandler<ScorePayload> {
  return {
    payload: scorePayload,
    async run(p) {
      const activity = await deps.store.activities.get(p.activityId);
      if (!activity) throw new PermanentJobError('activity no longer exists');
      const user = await deps.store.users.get(p.userId);
      if (!user) throw new PermanentJobError('user no longer exists');
      const platform = await deps.platforms.get(activity.platformId);
      if (!platform) throw new PermanentJobError('platform no longer registered');
      const gradebook = activity.gradebook;
      if (!gradebook?.lineItemsUrl && !gradebook?.lineItemUrl) throw new PermanentJobError('the platform gave no grade service for this activity');
      const final = p.gradingProgress === 'FullyGraded';
      // A final score is the newest word: stamped when sent (a retry after a crash re-sends the same content, newer).
      const sentAt = deps.clock.now().toISOString();
      const timestamp = final && sentAt > p.timestamp ? sentAt : p.timestamp;
      try {
        const locale = user.locale ?? 'fr';
        const lineItem = await findOrCreateLineItem(deps, platform, activity, gradebook, p.tag, locale);
        const comment = p.comment || scoreComment(locale, { tag: p.tag, level: p.level, final });
        const score = {
          userId: user.subject,
          ...(p.level ? { scoreGiven: levelScore(p.level), scoreMaximum: SCORE_MAXIMUM } : {}),
          ...(comment ? { comment } : {}),
          activityProgress: p.activityProgress,
          gradingProgress: p.gradingProgress,
          timestamp,
        };
        await deps.services.call(platform, [SCOPE.score], scoresUrl(lineItem), {
          method: 'POST',
          accept: 'application/json',
          contentType: 'application/vnd.ims.lis.v1.score+json',
          body: score,
        });
      } catch (error) {
        if (error instanceof ServiceError && error.status === 409) {
          // The LMS holds a newer score: a Pending one is superseded; a final one goes again, stamped later.
          if (!final) return;
          throw new Error(`the LMS holds a newer score (409): the final score will be sent again with a fresh timestamp`);
        }
        forJob(error);
      }
    },
  };
}

/**
 * A gradebook column's name: the activity's, then the part (`Business English B2 — Vocabulary`), so
 * two certifications in a course never show columns of the same name; the overall level's column
 * is the activity's name alone, as an LMS names an activity's own column. In the language of the
 * person whose score creates the column (the LMS's language, as their launch said).
 */
export function lineItemLabel(activityTitle: string | null, tag: GradeTag, locale: Locale): string {
  const part = GRADE_TAG_LABELS[tag][locale];
  if (!activityTitle) return part;
  return tag === 'overall' ? activityTitle : `${activityTitle} — ${part}`;
}

/** The Score service URL of a line item (its URL + `/scores`, query kept: Moodle's ids carry `?type_id=`). */
export function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

async function findOrCreateLineItem(
  deps: GradeDeps,
  platform: NonNullable<Awaited<ReturnType<PlatformDirectory['get']>>>,
  activity: Pick<Activity, 'id' | 'externalId' | 'title'>,
  gradebook: Gradebook,
  tag: GradeTag,
  locale: Locale,
): Promise<string> {
  const known = await deps.store.activities.lineItem(activity.id, tag);
  if (known) return known;
  const remember = async (url: string) => {
    await deps.store.activities.rememberLineItem(activity.id, tag, url);
    return url;
  };
  // The line item coupled to the resource link (created by deep linking) is the overall one.
  if (tag === 'overall' && gradebook.lineItemUrl) return remember(gradebook.lineItemUrl);
  if (!gradebook.lineItemsUrl) throw new ServiceError('no line items endpoint to create the line item', false);
  const search = new URL(gradebook.lineItemsUrl);
  search.searchParams.set('resource_link_id', activity.externalId);
  search.searchParams.set('tag', tag);
  const found = await deps.services.call<LineItemJson[]>(platform, [SCOPE.lineItem], search.toString(), {
    accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  });
  const match = matchingLineItem(found.body ?? [], tag, activity.externalId);
  if (match) return remember(match.id);
  const created = await deps.services.call<LineItemJson>(platform, [SCOPE.lineItem], gradebook.lineItemsUrl, {
    method: 'POST',
    accept: 'application/vnd.ims.lis.v2.lineitem+json',
    contentType: 'application/vnd.ims.lis.v2.lineitem+json',
    body: { label: lineItemLabel(activity.title, tag, locale), scoreMaximum: SCORE_MAXIMUM, tag, resourceId: activity.id, resourceLinkId: activity.externalId },
  });
  if (!created.body?.id) throw new ServiceError('the platform created a line item without an id', false);
  return remember(created.body.id);
}
