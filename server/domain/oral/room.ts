/**
 * The built-in oral room (candidate guide, "How is the oral interview conducted?"): the candidate
 * logs in a few minutes before the time and waits in the waiting room, the assessor lets them in
 * and checks their ID on camera, the interview runs in three parts, the assessor ends it.
 * The room's state is persisted so a reload on either side finds it where it was.
 */

export const ROOM_STATES = ['waiting', 'admitted', 'part-1', 'part-2', 'part-3', 'ended'] as const;
export type RoomState = (typeof ROOM_STATES)[number];
export type RoomPart = 1 | 2 | 3;

export interface OralRoom {
  bookingId: string;
  state: RoomState;
  admittedAt: Date | null;
  /** The assessor who saw the candidate's ID on camera, and when. */
  idCheckedBy: string | null;
  idCheckedAt: Date | null;
  endedAt: Date | null;
  updatedAt: Date;
}

export type RoomChange = { kind: 'admit' } | { kind: 'id-check'; assessorId: string } | { kind: 'part'; part: RoomPart } | { kind: 'end' };

export interface OralRoomRepository {
  get(bookingId: string): Promise<OralRoom | undefined>;
  /** The room of a booking, created in the waiting state the first time someone opens it. */
  open(bookingId: string, now: Date): Promise<OralRoom>;
  /**
   * Writes `next` if the stored room is still in the state `current` was read in (optimistic
   * lock on the state); undefined if it changed meanwhile.
   */
  update(current: OralRoom, next: OralRoom): Promise<OralRoom | undefined>;
}

export class RoomChangeRefused extends Error {
  constructor(
    readonly change: RoomChange['kind'],
    readonly state: RoomState,
  ) {
    super(`cannot ${change} a room that is ${state}`);
    this.name = 'RoomChangeRefused';
  }
}

/** The room after the assessor's change, or RoomChangeRefused when the change makes no sense now. */
export function applyRoomChange(room: OralRoom, change: RoomChange, now: Date): OralRoom {
  const refuse = () => new RoomChangeRefused(change.kind, room.state);
  if (room.state === 'ended') throw refuse();
  switch (change.kind) {
    case 'admit':
      if (room.state !== 'waiting') throw refuse();
      return { ...room, state: 'admitted', admittedAt: now, updatedAt: now };
    case 'id-check':
      // The ID is shown to the camera, so only once the candidate is in.
      if (room.state === 'waiting') throw refuse();
      return { ...room, idCheckedBy: change.assessorId, idCheckedAt: now, updatedAt: now };
    case 'part':
      if (room.state === 'waiting') throw refuse();
      return { ...room, state: `part-${change.part}`, updatedAt: now };
    case 'end':
      return { ...room, state: 'ended', endedAt: now, updatedAt: now };
  }
}

/** When the waiting room opens: a few minutes before the booked time. */
export const roomOpensAt = (startsAt: Date, minutesBefore: number): Date => new Date(startsAt.getTime() - minutesBefore * 60_000);

/**
 * How the interview is held: the built-in room, or the assessor's own videoconference link when
 * they have chosen one (today's behaviour, kept per assessor).
 */
export const roomMode = (assessor: { videoUrl: string | null } | undefined): 'built-in' | 'external' => (assessor?.videoUrl ? 'external' : 'built-in');

/** The interview guide's language: the test's (its bank's) when there are prompts in it, else English. */
export const guideLanguage = (testLanguage: string | null | undefined): 'fr' | 'en' => (testLanguage === 'fr' ? 'fr' : 'en');
