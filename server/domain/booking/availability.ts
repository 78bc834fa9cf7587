import { DateTime } from 'luxon';
import type { Availability, Booking, Centre } from './types.js';
import { zoneOffset } from './zone-offset.js';

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

interface Span {
  start: number;
  end: number;
}

interface LocalDay {
  iso: string;
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  year: number;
  month: number;
  day: number;
  /** Date.UTC of the local date at 00:00, as if the zone were UTC. */
  utcMidnight: number;
  /** UTC offsets (minutes) at the start and at the end of the local day; they differ on a DST change. */
  offsetStart: number;
  offsetEnd: number;
}

// Offsets per zone and local date, shared by every assessor and every request: a listing of 50
// assessors over 4 weeks asks Luxon about ~30 days instead of ~25,000 slot times.
const dayCache = new Map<string, LocalDay>();

function localDay(zone: string, utcMidnight: number): LocalDay {
  const key = `${zone}|${utcMidnight}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const date = new Date(utcMidnight);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const start = DateTime.fromObject({ year, month, day }, { zone });
  const value: LocalDay = {
    iso: date.toISOString().slice(0, 10),
    weekday: ((date.getUTCDay() + 6) % 7) + 1,
    year,
    month,
    day,
    utcMidnight,
    offsetStart: start.offset,
    offsetEnd: start.endOf('day').offset,
  };
  if (dayCache.size > 100_000) dayCache.clear();
  dayCache.set(key, value);
  return value;
}

/** The UTC instant of a local wall-clock minute, or undefined when that local time does not exist. */
function localMinuteToUtc(day: LocalDay, minute: number, zone: string): number | undefined {
  if (day.offsetStart === day.offsetEnd) return day.utcMidnight + (minute - day.offsetStart) * 60_000;
  // A daylight-saving change that day: let Luxon resolve the wall-clock time.
  const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone });
  // Luxon moves a time that does not exist (spring forward) to a later one: no slot there.
  if (local.hour * 60 + local.minute !== minute || local.day !== day.day) return undefined;
  return local.toMillis();
}

/** The local spans (minutes after midnight) an assessor works on one local date. */
function spansOn(day: LocalDay, availability: Availability): Span[] {
  let spans: Span[] = [];
  for (const r of availability.rules) if (r.weekday === day.weekday) spans.push({ start: r.startMinute, end: r.endMinute });
  for (const ex of availability.exceptions) {
    if (ex.date !== day.iso) continue;
    if (ex.kind === 'available' && ex.startMinute !== null && ex.endMinute !== null) {
      spans.push({ start: ex.startMinute, end: ex.endMinute });
    } else if (ex.kind === 'unavailable') {
      if (ex.startMinute === null || ex.endMinute === null) return [];
      spans = spans.flatMap((s) => subtract(s, { start: ex.startMinute!, end: ex.endMinute! }));
    }
  }
  return spans;
}

function subtract(span: Span, cut: Span): Span[] {
  if (cut.end <= span.start || cut.start >= span.end) return [span];
  const out: Span[] = [];
  if (cut.start > span.start) out.push({ start: span.start, end: cut.start });
  if (cut.end < span.end) out.push({ start: cut.end, end: span.end });
  return out;
}

const DAY_MS = 86_400_000;
/** The local date of an instant, as Date.UTC of that date's midnight. */
const localMidnightAsUtc = (at: Date, zone: string) => {
  const shifted = at.getTime() + zoneOffset(zone, at.getTime()) * 60_000;
  return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS);
};

/**
 * Every slot an assessor's availability yields between from and to (UTC instants), in the
 * assessor's time zone. Slots follow the local wall clock: "Mondays 9:00–12:00" stays 9:00–12:00
 * in Paris across daylight-saving changes, so its UTC times shift by an hour. A local time that
 * does not exist (the hour skipped in spring) yields no slot; the hour repeated in autumn yields
 * its slots once (Luxon resolves it to its second, winter-time occurrence).
 * Slots are laid from the start of each span, one after the other.
 */
export function assessorSlots(availability: Availability, timeZone: string, slotMinutes: number, from: Date, to: Date): Slot[] {
  return slotStarts(availability, timeZone, slotMinutes, from.getTime(), to.getTime()).map((ms) => ({
    startsAt: new Date(ms),
    endsAt: new Date(ms + slotMinutes * 60_000),
  }));
}

/** assessorSlots as sorted start instants (ms): no object per slot on the hot path. */
function slotStarts(availability: Availability, timeZone: string, slotMinutes: number, fromMs: number, toMs: number): number[] {
  const starts: number[] = [];
  const last = localMidnightAsUtc(new Date(toMs), timeZone) + DAY_MS;
  for (let midnight = localMidnightAsUtc(new Date(fromMs), timeZone) - DAY_MS; midnight <= last; midnight += DAY_MS) {
    const day = localDay(timeZone, midnight);
    const spans = spansOn(day, availability);
    for (const span of spans) {
      for (let m = span.start; m + slotMinutes <= span.end; m += slotMinutes) {
        const startMs = localMinuteToUtc(day, m, timeZone);
        if (startMs !== undefined && startMs >= fromMs && startMs < toMs) starts.push(startMs);
      }
    }
  }
  starts.sort((x, y) => x - y);
  // Overlapping spans, or the repeated autumn hour, can give the same start twice.
  return starts.filter((ms, i) => i === 0 || ms !== starts[i - 1]);
}

/** The window a centre lets candidates book in: from now + minimum notice to now + max days ahead. */
export function bookingWindow(centre: Pick<Centre, 'minNoticeMinutes' | 'maxDaysAhead'>, now: Date): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() + centre.minNoticeMinutes * 60_000),
    to: new Date(now.getTime() + centre.maxDaysAhead * 86_400_000),
  };
}

export interface Assessor {
  id: string;
  timeZone: string;
}

export interface FreeSlot extends Slot {
  /** Free assessors at this time, least busy first (the first one gets the booking). */
  assessorIds: string[];
}

/**
 * The free slots of every assessor in [from, to): their availability minus their live bookings
 * (any overlap), merged by start time. Assessors are ordered by how many live bookings they have
 * among those given (the period, or the day around one start time when booking), fewest first,
 * so interviews spread across the team.
 */
export function freeSlots(
  assessors: Assessor[],
  availability: Map<string, Availability>,
  bookings: Pick<Booking, 'assessorId' | 'startsAt' | 'endsAt'>[],
  slotMinutes: number,
  from: Date,
  to: Date,
): FreeSlot[] {
  const busy = new Map<string, { start: number; end: number }[]>();
  for (const b of bookings) {
    const list = busy.get(b.assessorId) ?? [];
    list.push({ start: b.startsAt.getTime(), end: b.endsAt.getTime() });
    busy.set(b.assessorId, list);
  }
  const load = (id: string) => busy.get(id)?.length ?? 0;
  const ordered = [...assessors].sort((a, b) => load(a.id) - load(b.id) || a.id.localeCompare(b.id));
  const slotMs = slotMinutes * 60_000;
  const byStart = new Map<number, string[]>();
  for (const assessor of ordered) {
    const taken = busy.get(assessor.id) ?? [];
    for (const start of slotStarts(
      availability.get(assessor.id) ?? { rules: [], exceptions: [] },
      assessor.timeZone,
      slotMinutes,
      from.getTime(),
      to.getTime(),
    )) {
      const end = start + slotMs;
      if (taken.length > 0 && taken.some((b) => b.start < end && start < b.end)) continue;
      const ids = byStart.get(start);
      if (ids) ids.push(assessor.id);
      else byStart.set(start, [assessor.id]);
    }
  }
  return [...byStart.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ startsAt: new Date(start), endsAt: new Date(start + slotMs), assessorIds: byStart.get(start)! }));
}
