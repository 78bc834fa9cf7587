import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { MailKind } from '../domain/booking/booking-service.js';
import { translate, type Locale } from '../i18n.js';
import type { MailMessage } from './mailer.js';

export interface Person {
  name: string;
  email: string;
}

export interface InvitationInput {
  /** Stable for the life of the booking, whatever moves it. */
  uid: string;
  sequence: number;
  cancelled: boolean;
  startsAt: Date;
  endsAt: Date;
  /** DTSTAMP: when this version of the invitation was produced (UTC). */
  stamp: Date;
  summary: string;
  description: string;
  organizer: Person;
  attendees: Person[];
}

/** The iCalendar UID of a booking: stable for its life, so every later version replaces the earlier one. */
export const bookingUid = (bookingId: string, publicUrl: string) => `booking-${bookingId}@${new URL(publicUrl).hostname}`;

/**
 * The candidate's "add to my calendar" file: one VEVENT (METHOD:PUBLISH, no attendees to answer),
 * with the booking's UID and SEQUENCE, so the invitation e-mails of a later change update it.
 */
export function calendarEntry(input: Pick<InvitationInput, 'uid' | 'sequence' | 'startsAt' | 'endsAt' | 'stamp' | 'summary' | 'description'>): string {
  const calendar = ical({ prodId: CALENDAR_PRODUCT, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({ ...bookingEvent(input), status: ICalEventStatus.CONFIRMED });
  return calendar.toString();
}

const CALENDAR_PRODUCT = { company: 'Cadre', product: 'oral-booking', language: 'EN' };

/** What every calendar object of a booking says of the event (the UID and SEQUENCE tie its versions together). */
const bookingEvent = (input: Pick<InvitationInput, 'uid' | 'sequence' | 'startsAt' | 'endsAt' | 'stamp' | 'summary' | 'description'>) => ({
  id: input.uid,
  sequence: input.sequence,
  start: input.startsAt,
  end: input.endsAt,
  stamp: input.stamp,
  summary: input.summary,
  description: input.description,
});

/**
 * One VEVENT in a VCALENDAR with METHOD:REQUEST (new or changed) or METHOD:CANCEL
 * (STATUS:CANCELLED). Times are UTC, so no VTIMEZONE is needed; calendars show them in the
 * reader's zone. The same UID with a higher SEQUENCE replaces the earlier version.
 */
export function invitation(input: InvitationInput): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = input.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar = ical({ prodId: CALENDAR_PRODUCT, method });
  calendar.createEvent({
    ...bookingEvent(input),
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: input.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      role: ICalAttendeeRole.REQ,
      status: input.cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
    })),
  });
  return { method: input.cancelled ? 'CANCEL' : 'REQUEST', content: calendar.toString() };
}

/** "lundi 16 mars 2026 à 10:00" / "Monday 16 March 2026 at 10:00", on the reader's wall clock. */
export function formatWhen(at: Date, timeZone: string, locale: Locale): string {
  const d = DateTime.fromJSDate(at, { zone: timeZone }).setLocale(locale === 'fr' ? 'fr-FR' : 'en-GB');
  return locale === 'fr' ? d.toFormat("cccc d LLLL yyyy 'à' HH:mm") : d.toFormat("cccc d LLLL yyyy 'at' HH:mm");
}

export interface BookingMailInput {
  kind: MailKind;
  recipient: 'candidate' | 'assessor';
  to: Person;
  locale: Locale;
  timeZone: string;
  candidateName: string;
  invitation: InvitationInput;
}

/** The confirmation, update or cancellation e-mail with its invitation, for the candidate or the assessor. */
export function bookingMail(input: BookingMailInput): MailMessage {
  const { locale } = input;
  const when = formatWhen(input.invitation.startsAt, input.timeZone, locale);
  const params = { when, zone: input.timeZone, candidate: input.candidateName };
  const body = translate(locale, input.recipient === 'candidate' ? `mail:booking-${input.kind}-body` : `mail:assessor-${input.kind}-body`, params);
  return {
    to: input.to.email,
    subject: translate(locale, `mail:booking-${input.kind}-subject`, params),
    text: `${translate(locale, 'mail:hello', { name: input.to.name })}\n\n${body}\n\n${translate(locale, 'mail:signature')}\n`,
    calendar: invitation(input.invitation),
  };
}

/**
 * The reminder 24 hours before, with the assessor's videoconference link when they hold their
 * interviews there, else the link to Cadre's own waiting room (reached through the course's
 * launch session: see docs/oral.md, "The built-in oral room").
 */
export function reminderMail(input: { to: Person; locale: Locale; timeZone: string; startsAt: Date; videoUrl: string | null; roomUrl: string }): MailMessage {
  const { locale } = input;
  const when = formatWhen(input.startsAt, input.timeZone, locale);
  const link = input.videoUrl
    ? `\n\n${translate(locale, 'booking:video-link')} : ${input.videoUrl}`
    : `\n\n${translate(locale, 'mail:booking-reminder-room')} : ${input.roomUrl}`;
  return {
    to: input.to.email,
    subject: translate(locale, 'mail:booking-reminder-subject', { when }),
    text: `${translate(locale, 'mail:hello', { name: input.to.name })}\n\n${translate(locale, 'mail:booking-reminder-body', { when, zone: input.timeZone })}${link}\n\n${translate(locale, 'mail:signature')}\n`,
  };
}

/** The address part of "Name <address>" (MAIL_FROM), for the invitation's ORGANIZER. */
export function parseAddress(from: string): Person {
  const m = from.match(/^\s*(.*?)\s*<([^>]+)>\s*$/);
  return m ? { name: m[1]!.replace(/^"|"$/g, '') || m[2]!, email: m[2]! } : { name: from, email: from };
}
