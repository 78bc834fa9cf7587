/** Oral booking: centres, assessors' availability, bookings. Times are UTC Date values. */

export interface Centre {
  id: string;
  name: string;
  contactEmail: string | null;
  /** The zone candidates see times in when their browser does not say (and e-mails to them use). */
  timeZone: string;
  /** Length of one slot: the 15–20 minute interview plus a buffer. */
  slotMinutes: number;
  /** A slot must start at least this long after now to be bookable. */
  minNoticeMinutes: number;
  /** Slots are offered up to this many days ahead. */
  maxDaysAhead: number;
}

export type CentrePolicyUpdate = Partial<Pick<Centre, 'name' | 'contactEmail' | 'timeZone' | 'slotMinutes' | 'minNoticeMinutes' | 'maxDaysAhead'>>;

export interface CentreRepository {
  get(id: string): Promise<Centre | undefined>;
  update(id: string, changes: CentrePolicyUpdate, now: Date): Promise<Centre | undefined>;
}

/** Every week on weekday (1 Monday … 7 Sunday), local time from startMinute to endMinute after midnight. */
export interface WeeklyRule {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** A local date (YYYY-MM-DD) that differs from the week: off (all day or a span) or an extra span. */
export interface DateException {
  date: string;
  kind: 'unavailable' | 'available';
  startMinute: number | null;
  endMinute: number | null;
}

export interface Availability {
  rules: WeeklyRule[];
  exceptions: DateException[];
}

export interface AvailabilityRepository {
  get(assessorId: string): Promise<Availability>;
  /** For many assessors at once (slot listing): one query per table, not one per assessor. */
  getMany(assessorIds: string[]): Promise<Map<string, Availability>>;
  /** Replaces the assessor's rules and exceptions as a whole. */
  replace(assessorId: string, availability: Availability): Promise<void>;
}

export const BOOKING_STATUSES = ['booked', 'cancelled', 'completed', 'no-show', 'incident'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Who made a change: the candidate, their instructor or LMS admin, or a staff member. */
export type BookingActor = { kind: 'candidate' | 'instructor' | 'admin'; userId: string } | { kind: 'staff'; staffId: string };

export interface Booking {
  id: string;
  sittingId: string;
  candidateUserId: string;
  activityId: string;
  contextId: string;
  centreId: string;
  assessorId: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  /** iCalendar SEQUENCE: 0 when booked, raised by every move and by the cancellation. */
  sequence: number;
  candidateName: string;
  candidateEmail: string | null;
  candidateLocale: 'fr' | 'en';
  candidateTimeZone: string;
  confirmedAt: Date | null;
  createdBy: BookingActor['kind'];
  createdAt: Date;
  updatedAt: Date;
}

export type NewBooking = Omit<Booking, 'id' | 'status' | 'sequence' | 'confirmedAt' | 'createdAt' | 'updatedAt'>;

export interface BookingRepository {
  /** Throws BookingConflict when the slot or the sitting already has a live booking. */
  create(booking: NewBooking, now: Date): Promise<Booking>;
  get(id: string): Promise<Booking | undefined>;
  /** The live (status booked) booking of a sitting. */
  liveForSitting(sittingId: string): Promise<Booking | undefined>;
  /** Every booking of a candidate for an activity, newest first. */
  forCandidate(candidateUserId: string, activityId: string): Promise<Booking[]>;
  /** Live bookings of these assessors starting in [from, to). */
  liveForAssessors(assessorIds: string[], from: Date, to: Date): Promise<Booking[]>;
  /** Bookings of one assessor starting in [from, to), any status, by start time. */
  forAssessor(assessorId: string, from: Date, to: Date): Promise<Booking[]>;
  /**
   * Moves a live booking if its sequence is still `expectedSequence` (optimistic lock) and raises
   * the sequence; undefined if it changed meanwhile. Throws BookingConflict if the slot is taken.
   */
  move(id: string, expectedSequence: number, to: { assessorId: string; startsAt: Date; endsAt: Date }, now: Date): Promise<Booking | undefined>;
  /** Sets the status of a live booking (raising the sequence on cancel); undefined if not live or changed. */
  setStatus(id: string, expectedSequence: number, status: Exclude<BookingStatus, 'booked'>, now: Date): Promise<Booking | undefined>;
  confirm(id: string, now: Date): Promise<Booking | undefined>;
  /**
   * "Quitter sans prendre de rendez-vous" (the centre books for the candidate): recorded once per
   * sitting; returns when it was first recorded.
   */
  recordLeave(leave: { sittingId: string; candidateUserId: string; activityId: string }, now: Date): Promise<Date>;
  /** When the candidate of this sitting left without booking, if they did. */
  leftAt(sittingId: string): Promise<Date | undefined>;
}

/** The database refused a second live booking for the same slot or the same sitting. */
export class BookingConflict extends Error {
  constructor(readonly on: 'slot' | 'sitting') {
    super(on === 'slot' ? 'slot already booked' : 'sitting already has a booking');
    this.name = 'BookingConflict';
  }
}
