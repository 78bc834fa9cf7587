import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { GRADE_TAGS } from '../server/domain/cefr.js';
import type { LaunchSession } from '../server/domain/enrolment/enrolment.js';
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { PermanentJobError, type JobRepository } from '../server/domain/jobs/jobs.js';
import type { JobHandler } from '../server/jobs/worker.js';
import type { Logger } from '../server/logger.js';
import { SCOPE } from './claims.js';
import type { LineItemJson } from './grades.js';
import type { PlatformDirectory } from './platforms.js';
import { fetchNrpsMembers } from './roster.js';
import { ServiceError, type PlatformServices } from './services.js';

/**
 * Does the LMS still offer the activity to this person? An open Cadre session outlives what
 * happens in the LMS (an activity hidden, restricted or deleted), so Cadre asks the LMS, at most
 * every CHECK_INTERVAL_MS per session, through the Names and Role service's resource link
 * membership (`?rlid=`): a candidate it no longer lists has lost the activity (their session
 * ends); an unknown resource link (404, while the course's roster answers) means the activity was
 * deleted (every session on it ends, at its next check, and the
 * gradebook columns Cadre created for it are deleted: the LMS only deletes the activity's own).
 * Anything else (LMS down, no roster service) keeps the session: a check never locks people out
 * because the LMS is unreachable.
 */

export type LinkVerdict = 'available' | 'withdrawn' | 'deleted' | 'unknown';

/** How often an open session is checked against the LMS. */
export const CHECK_INTERVAL_MS = 5 * 60_000;
/** How long a request waits for a check; a slower one finishes in the background and applies to the next request. */
const WAIT_MS = 2_000;

export const LINE_ITEMS_CLEANUP_JOB = 'lti.line-items-cleanup';

export interface LinkCheckDeps {
  enrolment: EnrolmentService;
  platforms: PlatformDirectory;
  services: PlatformServices;
  jobs: JobRepository;
  clock: Clock;
  logger: Logger;
}

/** What the LMS says of a resource link for one of its users. */
export async function resourceLinkVerdict(
  deps: Pick<LinkCheckDeps, 'platforms' | 'services'>,
  session: Pick<LaunchSession, 'data'>,
  resourceLinkId: string,
): Promise<LinkVerdict> {
  const platform = await deps.platforms.get(session.data.platformId);
  if (!platform || !session.data.nrpsUrl) return 'unknown';
  const url = new URL(session.data.nrpsUrl);
  url.searchParams.set('rlid', resourceLinkId);
  try {
    const members = await fetchNrpsMembers(deps.services, platform, url.toString());
    const me = members.find((m) => m.user_id === session.data.subject);
    return me && (me.status ?? 'Active') === 'Active' ? 'available' : 'withdrawn';
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.status !== 404) return 'unknown';
  }
  // The link is unknown: deleted, if the same roster answers for the course (an LMS may not know `rlid` at all).
  try {
    await deps.services.call(platform, [SCOPE.nrps], session.data.nrpsUrl, { accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' });
    return 'deleted';
  } catch (error) {
    if (error instanceof ServiceError) return 'unknown';
    throw error;
  }
}

/** Checks open launch sessions against the LMS (see above); `keep` answers whether a request may go on with its session. */
export class ResourceLinkWatch {
  private readonly checkedAt = new Map<string, number>();
  private readonly running = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: LinkCheckDeps) {}

  async keep(session: LaunchSession): Promise<boolean> {
    if (!session.activityId || !session.data.nrpsUrl || session.data.deepLinking) return true;
    const now = this.deps.clock.now().getTime();
    const last = this.checkedAt.get(session.id);
    // A session just opened (or first seen by this instance) starts its clock: its launch was the LMS's word.
    if (last === undefined) {
      if (this.checkedAt.size > 50_000) this.checkedAt.clear();
      this.checkedAt.set(session.id, now);
      return true;
    }
    let check = this.running.get(session.id);
    if (!check) {
      if (now - last < CHECK_INTERVAL_MS) return true;
      this.checkedAt.set(session.id, now);
      check = this.check(session).finally(() => this.running.delete(session.id));
      this.running.set(session.id, check);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), WAIT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([check, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async check(session: LaunchSession): Promise<boolean> {
    try {
      const activity = await this.deps.enrolment.activity(session.activityId!);
      if (!activity) return true;
      const verdict = await resourceLinkVerdict(this.deps, session, activity.externalId);
      if (verdict === 'available' || verdict === 'unknown') return true;
      // Teachers and admins see hidden activities, and may launch from a course they are not enrolled in.
      if (verdict === 'withdrawn' && session.role !== 'candidate') return true;
      await this.deps.enrolment.closeSession(session.id);
      this.checkedAt.delete(session.id);
      this.deps.logger.info({ activityId: activity.id, verdict }, 'the LMS no longer offers the activity: launch session ended');
      if (verdict === 'deleted') {
        const key = `${LINE_ITEMS_CLEANUP_JOB}:${activity.id}`;
        if (!(await this.deps.jobs.findByIdempotencyKey(key))) {
          await this.deps.jobs.enqueue({ type: LINE_ITEMS_CLEANUP_JOB, payload: { activityId: activity.id }, idempotencyKey: key }, this.deps.clock.now());
        }
      }
      return false;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'resource link check failed');
      return true;
    }
  }
}

/**
 * Deletes the gradebook columns Cadre created for a deleted activity (found by resource link and
 * one of Cadre's tags): Moodle deletes an activity's own column with it, not the others.
 */
export function lineItemsCleanupHandler(deps: Pick<LinkCheckDeps, 'enrolment' | 'platforms' | 'services'>): JobHandler<{ activityId: string }> {
  return {
    payload: z.object({ activityId: z.string() }),
    async run({ activityId }) {
      const activity = await deps.enrolment.activity(activityId);
      if (!activity?.gradebook?.lineItemsUrl) return;
      const platform = await deps.platforms.get(activity.platformId);
      if (!platform) return;
      const search = new URL(activity.gradebook.lineItemsUrl);
      search.searchParams.set('resource_link_id', activity.externalId);
      try {
        const found = await deps.services.call<LineItemJson[]>(platform, [SCOPE.lineItem], search.toString(), {
          accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
        });
        const ours = (found.body ?? []).filter((li) => li.resourceLinkId === activity.externalId && (GRADE_TAGS as readonly string[]).includes(li.tag ?? ''));
        for (const item of ours) {
          await deps.services
            .call(platform, [SCOPE.lineItem], item.id, { method: 'DELETE', accept: 'application/vnd.ims.lis.v2.lineitem+json' })
            .catch((error: unknown) => {
              if (!(error instanceof ServiceError && error.status === 404)) throw error; // gone already
            });
        }
      } catch (error) {
        if (error instanceof ServiceError && !error.transient) throw new PermanentJobError(error.message);
        throw error;
      }
    },
  };
}
