/**
 * One candidate's attempt at the written part of a certification activity, as a persisted state
 * machine. Pure data and pure transitions: the service (sitting-service.ts) loads a sitting,
 * applies a transition with the current time, and commits it before answering.
 *
 *   consent → equipment → identity → instructions → 5 sections × 10 items → written-done
 *
 * The first three steps belong to proctoring; an activity with `proctoring: off` (practice
 * tests, exempted candidates) skips them.
 */
import type { SkillResult, SkillSessionState } from '../adaptive/session.js';
import { SKILLS, type Skill } from '../cefr.js';

export const PRE_TEST_STEPS = ['consent', 'equipment', 'identity', 'instructions'] as const;
export type PreTestStep = (typeof PRE_TEST_STEPS)[number];
export type Step = PreTestStep | 'items' | 'written-done';

/** An answer may arrive this late (network) and still count as on time. */
export const DEADLINE_GRACE_MS = 2_000;
export const MAX_AUDIO_PLAYS = 2;
export const ITEMS_PER_SKILL = 10;
/** Job enqueued with the last answer: proctoring closes the sitting, results open, the LMS gets Pending grades. */
export const WRITTEN_DONE_JOB = 'certification.written-done';

export interface SittingSettings {
  proctoring: boolean;
  /** Accommodation: every item's time limit is multiplied by this (1 = none). */
  timeMultiplier: number;
}

/** The item on screen: its deadline is the truth, whatever the page shows. */
export interface CurrentItem {
  itemId: string;
  skill: Skill;
  /** 1..50 over the whole test. */
  position: number;
  servedAt: string;
  deadline: string;
  /** Seed of the candidate view's shuffles, so a reload shows the same order. */
  viewSeed: number;
  /** The answer as it stands, saved while the candidate works; submitted as is at the deadline. */
  draft: unknown;
  audioPlays: number;
  /** One-time audio URLs handed out for this item (id → redeemed?). */
  audioTickets: Record<string, { redeemed: boolean; expiresAt: string }>;
}

export interface Sitting {
  id: string;
  activityId: string;
  userId: string;
  bankId: string;
  settings: SittingSettings;
  step: Step;
  /** Index in SKILLS of the section under way. */
  sectionIndex: number;
  skillState: SkillSessionState | null;
  results: SkillResult[];
  current: CurrentItem | null;
  /** Pre-test step outcomes (consent given at, equipment check result…). */
  stepData: Partial<Record<PreTestStep, unknown>>;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every write must name the version it read. */
  version: number;
}

export function stepsFor(settings: SittingSettings): PreTestStep[] {
  return settings.proctoring ? [...PRE_TEST_STEPS] : ['instructions'];
}

export function firstStep(settings: SittingSettings): Step {
  return stepsFor(settings)[0]!;
}

/** The step after `step` once it is done. */
export function stepAfter(settings: SittingSettings, step: PreTestStep): Step {
  const steps = stepsFor(settings);
  const i = steps.indexOf(step);
  return steps[i + 1] ?? 'items';
}

export function currentSkill(sitting: Sitting): Skill {
  return SKILLS[sitting.sectionIndex]!;
}

/** 1..50: how many items were served so far, the current one included. */
export function itemsServed(sitting: Sitting): number {
  return sitting.results.length * ITEMS_PER_SKILL + (sitting.skillState?.responses.length ?? 0) + (sitting.current ? 1 : 0);
}

/**
 * The item's deadline as it stands now: its stored deadline moved by the time, since the item was
 * served, when the server could not accept answers (`pausedMs`, from the downtime spans).
 */
export function deadlineOf(item: CurrentItem, pausedMs = 0): number {
  return new Date(item.deadline).getTime() + pausedMs;
}

export function isOverdue(item: CurrentItem, now: Date, pausedMs = 0): boolean {
  return now.getTime() > deadlineOf(item, pausedMs) + DEADLINE_GRACE_MS;
}

export function remainingMs(item: CurrentItem, now: Date, pausedMs = 0): number {
  return Math.max(0, deadlineOf(item, pausedMs) - now.getTime());
}

export function timeLimitMs(timeLimitSeconds: number, settings: SittingSettings): number {
  return Math.round(timeLimitSeconds * settings.timeMultiplier * 1000);
}
