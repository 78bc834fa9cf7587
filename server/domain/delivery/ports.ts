/** What the delivery rules need from the outside world; storage and the item-type plugins provide it. */
import type { AnyItemTypePlugin } from '../../../plugin/item-types/registry.js';
import type { AdaptiveEngine } from '../adaptive/session.js';
import type { ExposureStore } from '../adaptive/exposure.js';
import type { JobRepository } from '../jobs/jobs.js';
import type { Skill } from '../adaptive/irt-schema.js';
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

export interface SittingRepository {
  get(id: string): Promise<Sitting | undefined>;
  findFor(activityId: string, userId: string): Promise<Sitting | undefined>;
  /** The id alone (every request of a sitting starts with it: no need to read the whole state). */
  idFor(activityId: string, userId: string): Promise<string | undefined>;
  /** Inserts a new sitting; false when one already exists for this activity and user. */
  create(sitting: Sitting): Promise<boolean>;
  /** Writes the sitting if its stored version is still `sitting.version - 1`; false when someone wrote first. */
  save(sitting: Sitting): Promise<boolean>;
}

export interface ResponseRepository {
  record(response: ResponseRecord): Promise<void>;
  listFor(sittingId: string): Promise<ResponseRecord[]>;
}

export interface DeliveryRepositories {
  sittings: SittingRepository;
  responses: ResponseRepository;
  exposure: ExposureStore;
  /** The end of the written part is handed to proctoring and results as a durable job. */
  jobs: JobRepository;
}

export interface DeliveryStore extends DeliveryRepositories {
  /** All writes of one candidate action commit together, before the answer is sent. */
  transaction<T>(fn: (repos: DeliveryRepositories) => Promise<T>): Promise<T>;
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
