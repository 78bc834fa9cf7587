/** What the delivery rules need from the outside world; storage and the item-type plugins provide it. */
import type { AnyItemTypePlugin } from '../../../plugin/item-types/registry.js';
import type { AdaptiveEngine, SkillResult } from '../adaptive/session.js';
import type { ExposureStore } from '../adaptive/exposure.js';
import type { NewJob } from '../jobs/jobs.js';
import type { Skill } from '../cefr.js';
import type { Sitting } from './sitting.js';

export interface ResponseRecord {
  sittingId: string;
  itemId: string;
  skill: Skill;
  position: number;
  response: unknown;
  points: number;
  maxPoints: number;
  timedOut: boolean;
  servedAt: string;
  answeredAt: string;
}

/** Whose sitting: a candidate has one per activity. */
export interface SittingOwner {
  activityId: string;
  userId: string;
}

/** What one candidate action changed besides the sitting itself; written with it or not at all. */
export interface SittingChanges {
  responses: ResponseRecord[];
  /** One per count to add: a candidate started the skill (itemId '') or was given the item. */
  exposure: { bankId: string; skill: Skill; itemId: string }[];
  /** The end of the written part is handed to proctoring and results as a durable job. */
  jobs: NewJob[];
}

export interface SittingRepository {
  get(id: string): Promise<Sitting | undefined>;
  findFor(owner: SittingOwner): Promise<Sitting | undefined>;
  /**
   * The sitting as this instance last committed or read it, without asking the database: an
   * action may start from it, but it may be stale (another instance wrote since), so only a
   * successful commit over its version proves it was not.
   */
  known(owner: SittingOwner): Sitting | undefined;
  /** Inserts a new sitting; false when one already exists for this activity and user. */
  create(sitting: Sitting): Promise<boolean>;
  /**
   * Writes the sitting over version `sitting.version - 1` together with its changes, all or
   * nothing; false (nothing written) when another request wrote first. On PostgreSQL, when there
   * is no job to queue, one statement, shared with other sittings' concurrent commits.
   */
  commit(sitting: Sitting, changes: SittingChanges, now: Date): Promise<boolean>;
  /** Skill results of the bank's sittings whose written test is done, newest first, at most `limit` (prior-correlation.ts). */
  writtenResults(bankId: string, limit: number): Promise<SkillResult[][]>;
}

export interface ResponseRepository {
  listFor(sittingId: string): Promise<ResponseRecord[]>;
}

/** What the delivery rules need of storage. */
export interface DeliveryStore {
  sittings: SittingRepository;
  responses: ResponseRepository;
  /** Exposure counts for selection (a snapshot; what a commit adds shows in it at once). */
  exposure: Pick<ExposureStore, 'loadSkillCounts'>;
}

/** An item of a bank, as the delivery needs it (content is the item type's business). */
export interface BankItem {
  id: string;
  skill: Skill;
  type: string;
  level?: string;
  timeLimitSeconds: number;
  content: unknown;
}

export interface LoadedBank {
  id: string;
  engine: AdaptiveEngine;
  item(id: string): BankItem | undefined;
  /** Absolute path of an audio file of the bank, or undefined if it does not exist. */
  audioPath(file: string): string | undefined;
}

export interface ItemTypeRegistry {
  get(type: string): AnyItemTypePlugin | undefined;
}
