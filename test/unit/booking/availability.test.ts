import { describe, expect, it } from 'vitest';
import { assessorSlots, bookingWindow, freeSlots } from '../../../server/domain/booking/availability.js';
import type { Availability } from '../../../server/domain/booking/types.js';

const paris = 'Europe/Paris';
const sundays9to12: Availability = { rules: [{ weekday: 7, startMinute: 9 * 60, endMinute: 12 * 60 }], exceptions: [] };
const iso = (slots: { startsAt: Date }[]) => slots.map((s) => s.startsAt.toISOString());

describe('assessor availability in the assessor’s time zone', () => {
  it('keeps Sunday 9:00–12:00 Paris time on the last Sunday of March 2026 (clocks go forward)', () => {
    const week = assessorSlots(sundays9to12, paris, 30, new Date('2026-03-21T00:00:00Z'), new Date('2026-04-06T00:00:00Z'));
    // 22 March: winter time, UTC+1.
    expect(iso(week).filter((s) => s.startsWith('2026-03-22'))).toEqual([
      '2026-03-22T08:00:00.000Z',
      '2026-03-22T08:30:00.000Z',
      '2026-03-22T09:00:00.000Z',
      '2026-03-22T09:30:00.000Z',
      '2026-03-22T10:00:00.000Z',
      '2026-03-22T10:30:00.000Z',
    ]);
    // 29 March: summer time from 2:00, so 9:00 Paris is 7:00 UTC.
    expect(iso(week).filter((s) => s.startsWith('2026-03-29'))).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T07:30:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-29T08:30:00.000Z',
      '2026-03-29T09:00:00.000Z',
      '2026-03-29T09:30:00.000Z',
    ]);
  });

  it('keeps Sunday 9:00–12:00 Paris time on the last Sunday of October 2026 (clocks go back)', () => {
    const slots = assessorSlots(sundays9to12, paris, 30, new Date('2026-10-18T00:00:00Z'), new Date('2026-10-26T00:00:00Z'));
    expect(iso(slots)).toEqual([
      '2026-10-18T07:00:00.000Z',
      '2026-10-18T07:30:00.000Z',
      '2026-10-18T08:00:00.000Z',
      '2026-10-18T08:30:00.000Z',
      '2026-10-18T09:00:00.000Z',
      '2026-10-18T09:30:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-25T08:30:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T09:30:00.000Z',
      '2026-10-25T10:00:00.000Z',
      '2026-10-25T10:30:00.000Z',
    ]);
  });

  it('offers no slot in the hour skipped at night in March, and the repeated hour once in October', () => {
    const night: Availability = { rules: [{ weekday: 7, startMinute: 60, endMinute: 4 * 60 }], exceptions: [] };
    const march = assessorSlots(night, paris, 60, new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'));
    // 1:00 CET, (2:00 does not exist), 3:00 CEST.
    expect(iso(march)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    const october = assessorSlots(night, paris, 60, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'));
    // 1:00 CEST, 2:00 (once: the second, winter-time occurrence), 3:00 CET; none overlapping.
    expect(iso(october)).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });

  it('follows the assessor’s zone, not the server’s: 9:00 in Montreal is 13:00 or 14:00 UTC', () => {
    const slots = assessorSlots(
      { rules: [{ weekday: 1, startMinute: 540, endMinute: 570 }], exceptions: [] },
      'America/Montreal',
      30,
      new Date('2026-03-02T00:00:00Z'),
      new Date('2026-03-17T00:00:00Z'),
    );
    expect(iso(slots)).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z']);
  });

  it('applies date exceptions: a day off, a span off, an extra span', () => {
    const availability: Availability = {
      rules: [{ weekday: 1, startMinute: 9 * 60, endMinute: 11 * 60 }],
      exceptions: [
        { date: '2026-05-04', kind: 'unavailable', startMinute: null, endMinute: null },
        { date: '2026-05-11', kind: 'unavailable', startMinute: 9 * 60 + 30, endMinute: 10 * 60 + 30 },
        { date: '2026-05-12', kind: 'available', startMinute: 14 * 60, endMinute: 15 * 60 },
      ],
    };
    const slots = assessorSlots(availability, paris, 30, new Date('2026-05-04T00:00:00Z'), new Date('2026-05-13T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-05-11T07:00:00.000Z', '2026-05-11T08:30:00.000Z', '2026-05-12T12:00:00.000Z', '2026-05-12T12:30:00.000Z']);
  });

  it('lays slots of the centre’s length from the start of each span and drops a short remainder', () => {
    const slots = assessorSlots(
      { rules: [{ weekday: 3, startMinute: 600, endMinute: 700 }], exceptions: [] },
      'UTC',
      45,
      new Date('2026-05-06T00:00:00Z'),
      new Date('2026-05-07T00:00:00Z'),
    );
    expect(slots.map((s) => [s.startsAt.toISOString().slice(11, 16), s.endsAt.toISOString().slice(11, 16)])).toEqual([
      ['10:00', '10:45'],
      ['10:45', '11:30'],
    ]);
  });
});

describe('free slots of a centre', () => {
  const weekday10to11: Availability = { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 600, endMinute: 660 })), exceptions: [] };
  it('merges assessors by start time, hides booked ones, and puts the least busy assessor first', () => {
    const availability = new Map([
      ['a', weekday10to11],
      ['b', weekday10to11],
    ]);
    const bookings = [{ assessorId: 'a', startsAt: new Date('2026-05-04T08:00:00Z'), endsAt: new Date('2026-05-04T08:30:00Z') }];
    const slots = freeSlots(
      [
        { id: 'a', timeZone: paris },
        { id: 'b', timeZone: paris },
      ],
      availability,
      bookings,
      30,
      new Date('2026-05-04T00:00:00Z'),
      new Date('2026-05-05T00:00:00Z'),
    );
    expect(slots.map((s) => [s.startsAt.toISOString(), s.assessorIds])).toEqual([
      ['2026-05-04T08:00:00.000Z', ['b']],
      ['2026-05-04T08:30:00.000Z', ['b', 'a']],
    ]);
  });

  it('opens the booking window after the minimum notice and closes it after the days ahead', () => {
    const w = bookingWindow({ minNoticeMinutes: 24 * 60, maxDaysAhead: 28 }, new Date('2026-05-04T09:00:00Z'));
    expect(w).toEqual({ from: new Date('2026-05-05T09:00:00Z'), to: new Date('2026-06-01T09:00:00Z') });
  });
});
