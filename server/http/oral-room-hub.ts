/**
 * The oral room's signalling mailbox: the Server-Sent Event streams open in this process, per
 * interview. A participant's page opens one stream (its `peerId` is new at every page load) and
 * posts its WebRTC offers, answers and ICE candidates, which go to the other side's streams.
 * Presence (which page of each side is connected) goes to both sides whenever it changes, so a
 * reload on either side is seen at once and the call is negotiated again.
 *
 * In process: both participants of an interview must reach the same instance (one instance, or
 * sticky sessions by interview); the room's state itself is in the database.
 */
export type Side = 'candidate' | 'assessor';

export interface RoomListener {
  side: Side;
  peerId: string;
  send(event: string, data: unknown): void;
}

export interface Presence {
  /** The page of each side that is connected (the latest one, when a side has two tabs open). */
  candidate: string | null;
  assessor: string | null;
}

export class OralRoomHub {
  private readonly rooms = new Map<string, RoomListener[]>();

  /** Adds a stream to the interview's room; returns what removes it. Both sides hear the new presence. */
  join(bookingId: string, listener: RoomListener): () => void {
    const listeners = this.rooms.get(bookingId) ?? [];
    this.rooms.set(bookingId, [...listeners, listener]);
    this.broadcast(bookingId, 'presence', this.presence(bookingId));
    return () => {
      const left = (this.rooms.get(bookingId) ?? []).filter((l) => l !== listener);
      if (left.length === 0) this.rooms.delete(bookingId);
      else this.rooms.set(bookingId, left);
      this.broadcast(bookingId, 'presence', this.presence(bookingId));
    };
  }

  presence(bookingId: string): Presence {
    const listeners = this.rooms.get(bookingId) ?? [];
    const latest = (side: Side) => listeners.filter((l) => l.side === side).at(-1)?.peerId ?? null;
    return { candidate: latest('candidate'), assessor: latest('assessor') };
  }

  /** To the streams of the side that did not send it. */
  toOther(bookingId: string, from: Side, event: string, data: unknown): void {
    for (const l of this.rooms.get(bookingId) ?? []) if (l.side !== from) l.send(event, data);
  }

  broadcast(bookingId: string, event: string, data: unknown): void {
    for (const l of this.rooms.get(bookingId) ?? []) l.send(event, data);
  }
}
