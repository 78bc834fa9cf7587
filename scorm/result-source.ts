import type { SittingRepository } from '../server/domain/delivery/ports.js';
import type { ScormResultSource } from './ports.js';
import type { ScormResult } from './scoring.js';

export interface ReleasedResults {
  releasedFor(activityId: string, userId: string): Promise<{ score0to6: number; passed?: boolean } | undefined>;
}

/**
 * Where a certification stands: released (from the results module), else from the delivery
 * sitting (none: not started; under way; written part done: awaiting the rest).
 */
export function deliveryResultSource(deps: { sittings: Pick<SittingRepository, 'findFor'>; released: ReleasedResults }): ScormResultSource {
  return {
    async resultFor(activityId, userId): Promise<ScormResult> {
      const released = await deps.released.releasedFor(activityId, userId);
      if (released) return { state: 'released', ...released };
      const sitting = await deps.sittings.findFor({ activityId, userId });
      if (!sitting) return { state: 'not-started' };
      return { state: sitting.step === 'written-done' ? 'awaiting' : 'in-progress' };
    },
  };
}
