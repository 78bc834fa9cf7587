import type { Clock } from './clock.js';
import { downtimeBetween, type Downtime, type DowntimeRepository, type DowntimeSpan } from './domain/delivery/downtime.js';
import type { Logger } from './logger.js';

/** How often each instance says it is alive; with several instances, a start may credit candidates up to this much. */
export const HEARTBEAT_MS = 5_000;
/** A silence shorter than this is not downtime (a heartbeat a little late). */
const MIN_GAP_MS = 1_000;
/** Spans older than this no longer move any deadline (no item is on screen that long). */
const HORIZON_MS = 6 * 3_600_000;

/**
 * This instance's part in "downtime is not charged to candidates" (server/domain/delivery/downtime.ts):
 * once it accepts requests it records the silence since the last heartbeat of any instance as a
 * downtime span, then beats every HEARTBEAT_MS and keeps the recent spans in memory for the sittings.
 */
export class DowntimeLedger implements Downtime {
  private spans: DowntimeSpan[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { repo: DowntimeRepository; clock: Clock; instanceId: string; logger: Logger; heartbeatMs?: number }) {}

  /** Records the downtime that ends now, if any, and starts beating; returns the span recorded. */
  async start(): Promise<DowntimeSpan | undefined> {
    const { repo, clock, instanceId, logger } = this.deps;
    const now = clock.now();
    const last = await repo.lastBeat(instanceId);
    let span: DowntimeSpan | undefined;
    if (last && now.getTime() - last.getTime() > MIN_GAP_MS) {
      span = { startedAt: last, endedAt: now };
      await repo.record(span);
      logger.warn(
        { downtimeMs: now.getTime() - last.getTime(), since: last.toISOString() },
        'no instance was accepting answers: item deadlines move by this downtime',
      );
    }
    await repo.beat(instanceId, now);
    await repo.forgetBefore(new Date(now.getTime() - HORIZON_MS));
    await this.refresh(now);
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => logger.warn({ err: error }, 'heartbeat failed'));
    }, this.deps.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref();
    return span;
  }

  /** A last heartbeat: a downtime after a clean stop starts now. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Best effort: a stop must not fail because the database is already gone.
    await this.deps.repo.beat(this.deps.instanceId, this.deps.clock.now()).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'last heartbeat failed');
    });
  }

  between(from: Date, to: Date): number {
    return downtimeBetween(this.spans, from, to);
  }

  private async tick(): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.repo.beat(this.deps.instanceId, now);
    // Another instance may have recorded a span when it started.
    await this.refresh(now);
  }

  private async refresh(now: Date): Promise<void> {
    this.spans = await this.deps.repo.endedSince(new Date(now.getTime() - HORIZON_MS));
  }
}
