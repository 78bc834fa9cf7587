import { DateTime } from 'luxon';
import type { Availability, Booking, Centre } from './types.js';

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

interface Span {
  start: number;
  end: number;
}

/** The local spans (minutes after midnight) an assessor works on one local date. */
function spansOn(date: DateTime, availability: Availability): Span[] {
  const iso = date.toISODate()!;
  let spans: Span[] = availability.rules.filter((r) => r.weekday === date.weekday).map((r) => ({ start: r.startMinute, end: r.endMinute }));
  for (const ex of availability.exceptions) {
    if (ex.date !== iso) continue;
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

/**
 * Every slot an assessor's availability yields between from and to (UTC instants), in the
 * assessor's time zone. Slots follow the local wall clock: "Mondays 9:00–12:00" stays 9:00–12:00
 * in Paris across daylight-saving changes, so its UTC times shift by an hour. A local time that
 * does not exist (the hour skipped in spring) yields no slot; the hour repeated in autumn yields
 * its slots once (Luxon resolves it to its second, winter-time occurrence). Slots are laid from the start of each span, one after the other.
 */
export function assessorSlots(availability: Availability, timeZone: string, slotMinutes: number, from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  const seen = new Set<number>();
  let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromJSDate(to, { zone: timeZone }).startOf('day').plus({ days: 1 });
  while (day <= lastDay) {
    const spans = spansOn(day, availability).sort((a, b) => a.start - b.start);
    for (const span of spans) {
      for (let m = span.start; m + slotMinutes <= span.end; m += slotMinutes) {
        const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone: timeZone });
        // Luxon moves a time that does not exist (spring forward) to a later one: skip it.
        if (local.hour * 60 + local.minute !== m || local.day !== day.day) continue;
        const start = local.toUTC();
        const startMs = start.toMillis();
        if (seen.has(startMs)) continue;
        const startsAt = start.toJSDate();
        if (startsAt < from || startsAt >= to) continue;
        seen.add(startMs);
        slots.push({ startsAt, endsAt: new Date(startMs + slotMinutes * 60_000) });
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
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
 * in the period, fewest first, so interviews spread across the team.
 */
export function freeSlots(
  assessors: Assessor[],
  availability: Map<string, Availability>,
  bookings: Pick<Booking, 'assessorId' | 'startsAt' | 'endsAt'>[],
  slotMinutes: number,
  from: Date,
  to: Date,
): FreeSlot[] {
  const busy = new Map<string, Slot[]>();
  for (const b of bookings) {
    const list = busy.get(b.assessorId) ?? [];
    list.push(b);
    busy.set(b.assessorId, list);
  }
  const load = (id: string) => busy.get(id)?.length ?? 0;
  const ordered = [...assessors].sort((a, b) => load(a.id) - load(b.id) || a.id.localeCompare(b.id));
  const byStart = new Map<number, FreeSlot>();
  for (const assessor of ordered) {
    const taken = busy.get(assessor.id) ?? [];
    const slots = assessorSlots(availability.get(assessor.id) ?? { rules: [], exceptions: [] }, assessor.timeZone, slotMinutes, from, to);
    for (const slot of slots) {
      if (taken.some((b) => b.startsAt < slot.endsAt && slot.startsAt < b.endsAt)) continue;
      const key = slot.startsAt.getTime();
      const existing = byStart.get(key);
      if (existing) existing.assessorIds.push(assessor.id);
      else byStart.set(key, { ...slot, assessorIds: [assessor.id] });
    }
  }
  return [...byStart.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
