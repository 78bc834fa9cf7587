import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { BOOKING_MAIL_JOB, BOOKING_REMINDER_JOB, type BookingMailPayload, type BookingReminderPayload } from '../domain/booking/booking-service.js';
import { PermanentJobError } from '../domain/jobs/jobs.js';
import type { Logger } from '../logger.js';
import { bookingMail, bookingUid, parseAddress, reminderMail } from '../mail/booking-mail.js';
import type { Mailer } from '../mail/mailer.js';
import { translate } from '../i18n.js';
import type { Storage } from '../storage/storage.js';
import type { JobWorker } from './worker.js';

const mailPayload: z.ZodType<BookingMailPayload> = z.object({
  bookingId: z.string(),
  sequence: z.number().int().min(0),
  kind: z.enum(['confirmation', 'update', 'cancellation']),
  recipient: z.enum(['candidate', 'assessor']),
  assessorId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
const reminderPayload: z.ZodType<BookingReminderPayload> = z.object({ bookingId: z.string(), sequence: z.number().int().min(0) });

/** The UID every invitation of a booking carries, whatever its changes. */

/**
 * The booking's e-mails. Each job describes one version of the booking (its SEQUENCE, times and
 * assessor, written when the change was committed), so a late retry still sends what was true
 * then, and a newer version supersedes it in the reader's calendar. The reminder checks that the
 * booking is still live at the same SEQUENCE: a moved or cancelled booking gets no stale reminder
 * (the booking service also cancels the job).
 */
export function registerBookingJobs(worker: JobWorker, deps: { storage: Storage; mailer: Mailer; clock: Clock; config: Config; logger: Logger }): void {
  const { storage, mailer, clock, config } = deps;
  const log = deps.logger.child({ module: 'booking-jobs' });
  const organizer = parseAddress(config.mail.from);

  const host = new URL(config.publicUrl).hostname;
  const messageId = (jobId: string) => `<${jobId}@${host}>`;

  worker.register(BOOKING_MAIL_JOB, {
    payload: mailPayload,
    async run(p, job) {
      const booking = await storage.bookings.get(p.bookingId);
      if (!booking) throw new PermanentJobError(`booking ${p.bookingId} does not exist`);
      const assessor = await storage.staff.get(p.assessorId);
      if (!assessor) throw new PermanentJobError(`assessor ${p.assessorId} does not exist`);
      const candidate = booking.candidateEmail ? { name: booking.candidateName, email: booking.candidateEmail } : undefined;
      const to = p.recipient === 'candidate' ? candidate : { name: assessor.name, email: assessor.email };
      if (!to) {
        log.warn({ bookingId: booking.id }, 'no e-mail address for the candidate: invitation not sent');
        return;
      }
      const locale = p.recipient === 'candidate' ? booking.candidateLocale : assessor.locale;
      await mailer.send({
        messageId: messageId(job.id),
        ...bookingMail({
          kind: p.kind,
          recipient: p.recipient,
          to,
          locale,
          timeZone: p.recipient === 'candidate' ? booking.candidateTimeZone : assessor.timeZone,
          candidateName: booking.candidateName,
          invitation: {
            uid: bookingUid(booking.id, config.publicUrl),
            sequence: p.sequence,
            cancelled: p.kind === 'cancellation',
            startsAt: new Date(p.startsAt),
            endsAt: new Date(p.endsAt),
            stamp: clock.now(),
            summary: translate(locale, 'booking:ics-summary'),
            // The candidate's way back is through the course (the booking page says so when opened from the calendar).
            description:
              p.recipient === 'candidate'
                ? translate(locale, 'booking:ics-description', { url: `${config.publicUrl}/oral/booking?lang=${locale}` })
                : `${config.publicUrl}/staff/console`,
            organizer,
            attendees: [{ name: assessor.name, email: assessor.email }, ...(candidate ? [candidate] : [])],
          },
        }),
      });
    },
  });

  worker.register(BOOKING_REMINDER_JOB, {
    payload: reminderPayload,
    async run(p, job) {
      const booking = await storage.bookings.get(p.bookingId);
      if (!booking || booking.status !== 'booked' || booking.sequence !== p.sequence) {
        log.info({ bookingId: p.bookingId }, 'reminder skipped: the booking moved or was cancelled');
        return;
      }
      if (!booking.candidateEmail) return;
      const assessor = await storage.staff.get(booking.assessorId);
      await mailer.send({
        messageId: messageId(job.id),
        ...reminderMail({
          to: { name: booking.candidateName, email: booking.candidateEmail },
          locale: booking.candidateLocale,
          timeZone: booking.candidateTimeZone,
          startsAt: booking.startsAt,
          videoUrl: assessor?.videoUrl ?? null,
          roomUrl: `${config.publicUrl}/oral/room`,
        }),
      });
    },
  });
}
