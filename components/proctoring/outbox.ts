/**
 * Events and snapshots waiting to reach the server, kept in localStorage so a network drop (or a
 * reload) loses nothing: they are sent when the connection returns. Event reports are small and
 * always kept; snapshots are capped (the oldest are dropped first) to stay within the browser's quota.
 */
export interface EventRecord {
  clientId: string;
  type: string;
  startedAt: string;
  endedAt: string | null;
  details: Record<string, string | number | boolean>;
}

interface Stored {
  events: EventRecord[];
  snapshots: { clientId: string; dataUrl: string }[];
}

const MAX_SNAPSHOTS = 20;

export class Outbox {
  private state: Stored;
  constructor(private readonly key: string) {
    this.state = this.load();
  }

  private load(): Stored {
    try {
      const raw = localStorage.getItem(this.key);
      if (raw) return JSON.parse(raw) as Stored;
    } catch {
      // unreadable: start empty
    }
    return { events: [], snapshots: [] };
  }

  private save(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Quota: give up snapshots before events.
      this.state.snapshots = this.state.snapshots.slice(-Math.floor(this.state.snapshots.length / 2));
      try {
        localStorage.setItem(this.key, JSON.stringify(this.state));
      } catch {
        // keep in memory only
      }
    }
  }

  /** Adds an event report or replaces the pending one with the same clientId (its end arrived). */
  putEvent(record: EventRecord): void {
    const i = this.state.events.findIndex((e) => e.clientId === record.clientId);
    if (i >= 0) this.state.events[i] = record;
    else this.state.events.push(record);
    this.save();
  }

  putSnapshot(clientId: string, dataUrl: string): void {
    this.state.snapshots.push({ clientId, dataUrl });
    if (this.state.snapshots.length > MAX_SNAPSHOTS) this.state.snapshots.shift();
    this.save();
  }

  get events(): readonly EventRecord[] {
    return this.state.events;
  }
  get snapshots(): readonly { clientId: string; dataUrl: string }[] {
    return this.state.snapshots;
  }
  get size(): number {
    return this.state.events.length + this.state.snapshots.length;
  }

  /** Removes the reports the server acknowledged, unless they changed since they were sent. */
  acknowledgeEvents(sent: EventRecord[]): void {
    this.state.events = this.state.events.filter((e) => !sent.some((s) => s.clientId === e.clientId && s.endedAt === e.endedAt));
    this.save();
  }

  acknowledgeSnapshot(clientId: string): void {
    this.state.snapshots = this.state.snapshots.filter((s) => s.clientId !== clientId);
    this.save();
  }
}
