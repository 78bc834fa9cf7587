/**
 * Exposure counts: how many candidates started each skill and how often each item was given.
 * They must survive restarts and be shared by every server instance, so the engine only sees them
 * through this small repository interface. `InMemoryExposureStore` serves the simulation and the
 * tests. In the server, storage answers `loadSkillCounts` from a snapshot at most a second old, and
 * the counts are added by the sitting's commit (storage/repositories/delivery-repositories.ts).
 *
 * Hot path: the delivery code calls `loadSkillCounts` once before each selection and passes the
 * snapshot to `nextItem`, which is synchronous; no per-item call reaches storage.
 */
import type { Skill } from '../cefr.js';

export interface SkillExposureCounts {
  /** Candidates who started this skill: the denominator of every exposure rate. */
  candidates: number;
  /** Administrations per item id; an absent id counts 0 (a store may return only non-zero rows). */
  administered: ReadonlyMap<string, number>;
}

export interface ExposureStore {
  /** A candidate started `skill` of bank `bankId` (call once per candidate and skill, before the first selection). */
  recordSkillStarted(bankId: string, skill: Skill): Promise<void>;
  /** `itemId` was given to a candidate (call once per administration, when the item is shown). */
  recordAdministered(bankId: string, skill: Skill, itemId: string): Promise<void>;
  /** Current counts for one skill. A slightly stale snapshot is fine (concurrent sittings). */
  loadSkillCounts(bankId: string, skill: Skill): Promise<SkillExposureCounts>;
}

/** Process-local store for the simulation and the tests. Returns live maps (no copy). */
export class InMemoryExposureStore implements ExposureStore {
  private readonly counts = new Map<string, { candidates: number; administered: Map<string, number> }>();

  private entry(bankId: string, skill: Skill): { candidates: number; administered: Map<string, number> } {
    const key = `${bankId}\u0000${skill}`;
    let e = this.counts.get(key);
    if (!e) {
      e = { candidates: 0, administered: new Map() };
      this.counts.set(key, e);
    }
    return e;
  }

  async recordSkillStarted(bankId: string, skill: Skill): Promise<void> {
    this.entry(bankId, skill).candidates++;
  }

  async recordAdministered(bankId: string, skill: Skill, itemId: string): Promise<void> {
    const m = this.entry(bankId, skill).administered;
    m.set(itemId, (m.get(itemId) ?? 0) + 1);
  }

  async loadSkillCounts(bankId: string, skill: Skill): Promise<SkillExposureCounts> {
    return this.entry(bankId, skill);
  }
}
