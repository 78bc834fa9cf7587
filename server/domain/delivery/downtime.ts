/**
 * Time the server could not accept answers is not the candidate's: an item's deadline moves by the
 * downtime that fell between the moment it was served and now (issue 20). Cadre's instances write a
 * heartbeat every few seconds; an instance that starts after a silence longer than that records the
 * silence, from the last heartbeat to its start, as a downtime span. Overlapping spans (two
 * instances starting together) count once.
 */

/** A span when no instance of Cadre was accepting answers. */
export interface DowntimeSpan {
  startedAt: Date;
  endedAt: Date;
}

export interface DowntimeRepository {
  /** This instance is alive now. */
  beat(instanceId: string, now: Date): Promise<void>;
  /** The latest heartbeat of any instance, this one's excepted; undefined on a new database. */
  lastBeat(exceptInstanceId: string): Promise<Date | undefined>;
  /** Forgets the heartbeats of instances silent since before `before`. */
  forgetBefore(before: Date): Promise<void>;
  record(span: DowntimeSpan): Promise<void>;
  /** The spans that ended at or after `from`, oldest first. */
  endedSince(from: Date): Promise<DowntimeSpan[]>;
}

/** Milliseconds of [from, to] covered by the spans, overlapping spans counted once. */
export function downtimeBetween(spans: readonly DowntimeSpan[], from: Date, to: Date): number {
  const clipped = spans
    .map((s) => [Math.max(s.startedAt.getTime(), from.getTime()), Math.min(s.endedAt.getTime(), to.getTime())] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [a, b] of clipped) {
    const start = Math.max(a, reach);
    if (b > start) total += b - start;
    reach = Math.max(reach, b);
  }
  return total;
}

/** What the sitting needs: how long, between two instants, the server could not accept answers. */
export interface Downtime {
  between(from: Date, to: Date): number;
}

export const noDowntime: Downtime = { between: () => 0 };
