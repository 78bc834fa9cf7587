import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../principal.js';
import type { AutoValidateUpTo } from '../proctoring/proctoring.js';
import { buildDashboard, type Dashboard } from './dashboard.js';
import type { Accommodation, DashboardActivity, DashboardStore, RosterSource } from './ports.js';

export interface DashboardDeps {
  store: DashboardStore;
  roster: RosterSource;
  clock: Clock;
  newId: () => string;
  /** Proctoring events above this severity count as flags (the reviewers' threshold). */
  flaggedAbove: AutoValidateUpTo;
}

export interface AccommodationInput {
  timeMultiplier: number;
  proctoringExemption: string | null;
}

export const MIN_TIME_MULTIPLIER = 1;
export const MAX_TIME_MULTIPLIER = 2;

/**
 * The instructor dashboard's use cases: read where every candidate of an activity stands, reset
 * an attempt, set an accommodation. Only the instructors and admins of the activity's LMS course
 * may; every change is audit-logged in the transaction that makes it.
 */
export class DashboardService {
  constructor(private readonly deps: DashboardDeps) {}

  /** The activity, if the principal teaches (or administers) its course; 403 otherwise. */
  async authorize(principal: Principal | undefined, activityId: string): Promise<{ activity: DashboardActivity; actorId: string }> {
    if (!principal) throw new AppError('error:unauthenticated', {}, 401);
    if (principal.kind !== 'lti' || (principal.role !== 'instructor' && principal.role !== 'admin')) throw new AppError('error:forbidden', {}, 403);
    const activity = await this.deps.store.read.activity(activityId);
    // An unknown activity and another course's activity answer alike: nothing to learn by probing.
    if (!activity || activity.contextId !== principal.contextId) throw new AppError('error:forbidden', {}, 403);
    return { activity, actorId: principal.userId };
  }

  async dashboard(principal: Principal | undefined, activityId: string, locale: string): Promise<Dashboard> {
    const { activity } = await this.authorize(principal, activityId);
    const [roster, seen, attempts] = await Promise.all([
      this.deps.roster.members(activity.contextId),
      this.deps.store.read.seenMembers(activity.contextId),
      this.deps.store.read.attempts(activity.id),
    ]);
    return buildDashboard({ activity, roster, seen, attempts, flaggedAbove: this.deps.flaggedAbove, locale });
  }

  /**
   * The Cadre user a dashboard row names, if they belong to the activity's course: seen
   * launching in it, or listed by the LMS (a member who never launched gets a Cadre user now).
   */
  private async candidate(activity: DashboardActivity, id: string): Promise<string> {
    const { read } = this.deps.store;
    if (!id.startsWith('lms:')) {
      const seen = await read.seenMembers(activity.contextId);
      if (seen.some((m) => m.userId === id)) return id;
    }
    const roster = await this.deps.roster.members(activity.contextId);
    if (roster.issuer) {
      const known = id.startsWith('lms:') ? undefined : await read.userSubject(id);
      const subject = id.startsWith('lms:') ? id.slice(4) : known?.issuer === roster.issuer ? known.subject : undefined;
      const member = roster.members.find((m) => m.subject === subject);
      if (member) return this.deps.roster.ensureUser(roster.issuer, member);
    }
    throw new AppError('dashboard:candidate-not-found', {}, 404);
  }

  /**
   * Resets a candidate's attempt: the sitting, its responses and its unreleased result are
   * archived and deleted, and the candidate can start again. Refused once the result is released
   * (the certification is awarded or refused: that is the reviewers' business) and while an oral
   * is booked (cancel it first, so nobody waits for a candidate whose written part is gone).
   */
  async reset(principal: Principal | undefined, activityId: string, candidateId: string, reason: string, requestId?: string): Promise<{ archiveId: string }> {
    const { activity, actorId } = await this.authorize(principal, activityId);
    if (!reason.trim()) throw new AppError('dashboard:reason-required', {}, 400);
    const userId = await this.candidate(activity, candidateId);
    const now = this.deps.clock.now();
    const archiveId = this.deps.newId();
    return this.deps.store.transaction(async (repos) => {
      const attempt = await repos.attempts.find(activity.id, userId);
      if (!attempt) throw new AppError('dashboard:nothing-to-reset', {}, 409);
      if (attempt.resultState === 'released') throw new AppError('dashboard:reset-released', {}, 409);
      if (attempt.liveBooking) throw new AppError('dashboard:reset-booked', {}, 409);
      const done = await repos.attempts.archiveAndDelete({
        archiveId,
        activityId: activity.id,
        userId,
        sittingId: attempt.sittingId,
        reason: reason.trim(),
        actor: actorId,
        now,
      });
      if (!done) throw new AppError('dashboard:reset-released', {}, 409);
      await repos.audit.record(
        {
          actor: { kind: 'lti-user', id: actorId },
          action: 'dashboard.attempt.reset',
          subject: { kind: 'sitting', id: attempt.sittingId },
          details: { activityId: activity.id, userId, reason: reason.trim(), archiveId, resultState: attempt.resultState },
          ...(requestId ? { requestId } : {}),
        },
        now,
      );
      return { archiveId };
    });
  }

  /** Sets a candidate's accommodation for this activity; it applies to the next sitting they open. */
  async setAccommodation(
    principal: Principal | undefined,
    activityId: string,
    candidateId: string,
    input: AccommodationInput,
    requestId?: string,
  ): Promise<Accommodation & { userId: string }> {
    const { activity, actorId } = await this.authorize(principal, activityId);
    if (!(input.timeMultiplier >= MIN_TIME_MULTIPLIER && input.timeMultiplier <= MAX_TIME_MULTIPLIER))
      throw new AppError('dashboard:multiplier-range', { min: MIN_TIME_MULTIPLIER, max: MAX_TIME_MULTIPLIER }, 400);
    const userId = await this.candidate(activity, candidateId);
    const now = this.deps.clock.now();
    const exemption = input.proctoringExemption?.trim() || null;
    return this.deps.store.transaction(async (repos) => {
      const before = await repos.accommodations.get(activity.id, userId);
      const saved = await repos.accommodations.put(activity.id, userId, { timeMultiplier: input.timeMultiplier, proctoringExemption: exemption }, actorId, now);
      await repos.audit.record(
        {
          actor: { kind: 'lti-user', id: actorId },
          action: 'dashboard.accommodation.set',
          subject: { kind: 'user', id: userId },
          details: {
            activityId: activity.id,
            before: before ? { timeMultiplier: before.timeMultiplier, proctoringExemption: before.proctoringExemption } : null,
            after: { timeMultiplier: saved.timeMultiplier, proctoringExemption: saved.proctoringExemption },
          },
          ...(requestId ? { requestId } : {}),
        },
        now,
      );
      return { ...saved, userId };
    });
  }

  /** For delivery, when a sitting opens: the candidate's own accommodation, if any. */
  accommodationFor(activityId: string, userId: string): Promise<Accommodation | undefined> {
    return this.deps.store.accommodations.get(activityId, userId);
  }

  /** When the candidate's attempt was last reset by an instructor (their home says so), if ever. */
  lastReset(activityId: string, userId: string): Promise<Date | undefined> {
    return this.deps.store.read.lastReset(activityId, userId);
  }
}
