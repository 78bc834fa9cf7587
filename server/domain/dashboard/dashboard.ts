/**
 * The instructor dashboard as a read model: the course's candidates (the LMS roster merged with
 * the members Cadre has seen launch) and where each one stands in the certification. Pure
 * functions over the facts storage and the LMS give; the service (dashboard-service.ts) gathers
 * them and checks who is asking.
 */
import { SKILLS, type CefrLevel, type Skill } from '../cefr.js';
import { isFlagged, type AutoValidateUpTo } from '../proctoring/proctoring.js';
import type { Accommodation, AttemptFacts, DashboardActivity, Roster, SeenMember } from './ports.js';

/** Where a candidate stands, in the order of the certification. */
export const CANDIDATE_STATES = [
  'not-started',
  'written-in-progress',
  'written-done',
  'oral-booked',
  'oral-done',
  'awaiting-review',
  'released',
  'invalidated',
] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

export interface RowLevels {
  overall: CefrLevel;
  written: Record<Skill, CefrLevel>;
  oral: CefrLevel | null;
  targetReached: boolean;
}

export interface DashboardRow {
  /** The Cadre user id, or `lms:<LMS user id>` for a roster member who never launched. */
  id: string;
  userId: string | null;
  lmsUserId: string | null;
  name: string;
  email: string | null;
  /** Listed by the LMS (NRPS); false for someone seen launching who has left the course since. */
  inRoster: boolean;
  launched: boolean;
  state: CandidateState;
  /** Items answered in the written part, out of `total`. */
  answered: number;
  total: number;
  /** Start of the booked (or held) oral interview. */
  oralAt: string | null;
  /** The candidate left the booking page saying the centre books for them, and has no interview yet. */
  centreToBook: boolean;
  /** Only once released and validated: no partial result. */
  levels: RowLevels | null;
  /** Proctoring events above the auto-validation threshold. */
  flags: number;
  resultId: string | null;
  /** The result sheet (the results module's page). */
  resultUrl: string | null;
  accommodation: Accommodation | null;
  /** A reset is possible: there is an attempt and its result is not released. */
  canReset: boolean;
}

export interface Dashboard {
  activity: { id: string; title: string | null; targetLevel: string | null; oralRequired: boolean; defaultTimeMultiplier: number };
  roster: Roster['status'];
  counts: Record<CandidateState, number>;
  candidates: DashboardRow[];
}

export const WRITTEN_ITEMS = 50;

/** A candidate's state from what Cadre stored: the furthest stage reached wins. */
export function candidateState(facts: AttemptFacts | undefined): CandidateState {
  const result = facts?.result;
  if (result) {
    if (result.invalidated || result.state === 'invalidated') return 'invalidated';
    if (result.state === 'released') return 'released';
    if (result.state === 'awaiting-review' || result.state === 'validated') return 'awaiting-review';
  }
  const booking = facts?.booking;
  if (booking?.status === 'completed') return 'oral-done';
  if (booking?.status === 'booked') return 'oral-booked';
  const sitting = facts?.sitting;
  if (!sitting) return 'not-started';
  return sitting.step === 'written-done' ? 'written-done' : 'written-in-progress';
}

function rowFrom(
  id: string,
  who: { userId: string | null; lmsUserId: string | null; name: string; email: string | null; inRoster: boolean; launched: boolean },
  facts: AttemptFacts | undefined,
  upTo: AutoValidateUpTo,
): DashboardRow {
  const state = candidateState(facts);
  const result = facts?.result ?? null;
  const levels =
    result && state === 'released' && result.levels
      ? { overall: result.levels.overall, written: result.levels.written, oral: result.levels.oral, targetReached: result.levels.targetReached }
      : null;
  return {
    id,
    ...who,
    state,
    answered: facts?.sitting?.answered ?? 0,
    total: facts?.sitting?.total ?? WRITTEN_ITEMS,
    oralAt: facts?.booking && facts.booking.status !== 'cancelled' ? facts.booking.startsAt : null,
    centreToBook: state === 'written-done' && Boolean(facts?.leftWithoutBookingAt),
    levels,
    flags: (facts?.eventSeverities ?? []).filter((severity) => isFlagged({ severity }, upTo)).length,
    resultId: result?.id ?? null,
    resultUrl: result ? `/results/${encodeURIComponent(result.id)}` : null,
    accommodation: facts?.accommodation ?? null,
    canReset: facts?.sitting != null && result?.state !== 'released',
  };
}

/**
 * Builds the dashboard: every learner of the roster, then every candidate Cadre has seen who is
 * not (or no longer) in it, each with their state. Instructors and admins are not candidates.
 */
export function buildDashboard(input: {
  activity: DashboardActivity;
  roster: Roster;
  seen: SeenMember[];
  attempts: AttemptFacts[];
  flaggedAbove: AutoValidateUpTo;
  locale: string;
}): Dashboard {
  const { activity, roster, seen, flaggedAbove } = input;
  const facts = new Map(input.attempts.map((a) => [a.userId, a]));
  const seenBySubject = new Map(seen.filter((m) => m.issuer === roster.issuer).map((m) => [m.subject, m]));
  const factsBySubject = new Map(input.attempts.filter((a) => a.issuer === roster.issuer).map((a) => [a.subject, a]));
  const rows: DashboardRow[] = [];
  const listed = new Set<string>();

  for (const m of roster.members) {
    const known = seenBySubject.get(m.subject);
    // A member who never launched may still have facts (an accommodation set in advance).
    const userId = known?.userId ?? factsBySubject.get(m.subject)?.userId;
    if (m.role !== 'candidate' && !(userId && facts.has(userId))) continue;
    if (userId) listed.add(userId);
    rows.push(
      rowFrom(
        userId ?? `lms:${m.subject}`,
        { userId: userId ?? null, lmsUserId: m.subject, name: m.name, email: m.email ?? known?.email ?? null, inRoster: true, launched: known !== undefined },
        userId ? facts.get(userId) : undefined,
        flaggedAbove,
      ),
    );
  }
  // Seen launching but not in the roster (left the course, or the LMS did not answer): still shown.
  for (const m of seen) {
    if (listed.has(m.userId) || (m.role !== 'candidate' && !facts.has(m.userId))) continue;
    listed.add(m.userId);
    rows.push(
      rowFrom(
        m.userId,
        { userId: m.userId, lmsUserId: m.subject, name: m.name ?? m.subject, email: m.email, inRoster: false, launched: true },
        facts.get(m.userId),
        flaggedAbove,
      ),
    );
  }
  rows.sort((a, b) => a.name.localeCompare(b.name, input.locale, { sensitivity: 'base' }) || a.id.localeCompare(b.id));

  const counts = Object.fromEntries(CANDIDATE_STATES.map((s) => [s, 0])) as Record<CandidateState, number>;
  for (const r of rows) counts[r.state]++;
  return {
    activity: {
      id: activity.id,
      title: activity.title,
      targetLevel: activity.targetLevel,
      oralRequired: activity.oralRequired,
      defaultTimeMultiplier: activity.defaultTimeMultiplier,
    },
    roster: roster.status,
    counts,
    candidates: rows,
  };
}

export { SKILLS };
