/**
 * The certification's hand-offs between modules, as durable jobs (each idempotent, retried until
 * it goes through):
 *   written part done  → proctoring closes the sitting (auto-validated when nothing is flagged),
 *                        the result opens (the LMS gradebook shows "Pending" unless it is released at once);
 *   oral graded        → the result takes the oral grade;
 *   review decided     → the result takes the reviewer's decision;
 *   late flagged events → an automatically validated result waits for a reviewer again.
 * A validated or invalidated result is released by the results service (certificate, e-mails,
 * FullyGraded grades in the same transaction); the proctoring retention clock starts then.
 */
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { WRITTEN_DONE_JOB } from '../domain/delivery/sitting.js';
import type { EnrolmentService } from '../domain/enrolment/enrolment-service.js';
import { ORAL_GRADED_JOB } from '../domain/oral/grading.js';
import type { ProctoringService } from '../domain/proctoring/service.js';
import type { CertificationResult } from '../domain/results/types.js';
import type { ResultsService } from '../domain/results/results-service.js';
import type { Storage } from '../storage/storage.js';
import type { JobWorker } from './worker.js';

export const REVIEWED_JOB = 'certification.reviewed';
export const REVIEW_REQUIRED_JOB = 'certification.review-required';

export interface CertificationJobDeps {
  storage: Storage;
  /** The activity of a sitting and who hears about its certification. */
  enrolment: Pick<EnrolmentService, 'activity' | 'contacts'>;
  results: ResultsService;
  proctoring: ProctoringService;
  clock: Clock;
}

export function registerCertificationJobs(worker: JobWorker, deps: CertificationJobDeps): void {
  const { storage, enrolment, results, proctoring, clock } = deps;

  /** Once released, proctoring evidence is kept for the retention period only. */
  const afterSettle = async (result: CertificationResult) => {
    if (result.state === 'released' && (await storage.proctoring.getSitting(result.sittingId))) await proctoring.resultsReleased(result.sittingId);
  };

  /** Monitoring runs from the first item served to the last answer: the window heartbeats must cover. */
  const monitoredWindow = async (sittingId: string): Promise<{ from?: Date; to?: Date }> => {
    const responses = await storage.responses.listFor(sittingId);
    if (responses.length === 0) return {};
    return {
      from: new Date(Math.min(...responses.map((r) => Date.parse(r.servedAt)))),
      to: new Date(Math.max(...responses.map((r) => Date.parse(r.answeredAt)))),
    };
  };

  worker.register(WRITTEN_DONE_JOB, {
    payload: z.object({ sittingId: z.string() }),
    async run({ sittingId }) {
      const sitting = await storage.sittings.get(sittingId);
      if (!sitting || sitting.step !== 'written-done') return;
      const activity = await enrolment.activity(sitting.activityId);
      if (!activity) return;
      const proctored = Boolean(await storage.proctoring.getSitting(sittingId));
      const integrity = proctored ? await proctoring.finish(sittingId, await monitoredWindow(sittingId)) : 'validated';
      const people = await enrolment.contacts(activity.contextId, sitting.userId);
      const result = await results.open({
        sittingId,
        userId: sitting.userId,
        activity: {
          activityId: activity.id,
          contextId: activity.contextId,
          title: activity.title,
          language: sitting.bankId,
          targetLevel: activity.settings.targetLevel ?? null,
          oralRequired: activity.settings.oralRequired,
          proctored,
        },
        ...people,
        written: sitting.results,
        writtenAt: sitting.updatedAt,
        reviewNeeded: integrity !== 'validated',
      });
      if (integrity === 'invalidated') {
        const decision = await storage.proctoring.getDecision(sittingId);
        await afterSettle(
          await results.decide(result.id, {
            outcome: 'invalidated',
            reason: decision?.reason ?? '',
            reviewerId: decision?.decidedBy ?? 'system',
            decidedAt: clock.now().toISOString(),
          }),
        );
      } else {
        await afterSettle(result);
      }
    },
  });

  worker.register(ORAL_GRADED_JOB, {
    payload: z.object({ bookingId: z.string() }),
    async run({ bookingId }) {
      const booking = await storage.bookings.get(bookingId);
      const assessment = await storage.oralAssessments.get(bookingId);
      if (!booking || !assessment || assessment.outcome !== 'graded' || !assessment.criteria || !assessment.level) return;
      const result = await results.findBySitting(booking.sittingId);
      // The written-done job has not opened the result yet: try again later.
      if (!result) throw new Error(`no result yet for sitting ${booking.sittingId}`);
      if (result.oral || (result.state !== 'awaiting-oral' && result.state !== 'awaiting-review')) return;
      await afterSettle(
        await results.recordOral(result.id, {
          criteria: assessment.criteria,
          level: assessment.level,
          assessorId: assessment.assessorId,
          gradedAt: assessment.updatedAt.toISOString(),
        }),
      );
    },
  });

  worker.register(REVIEWED_JOB, {
    payload: z.object({ sittingId: z.string() }),
    async run({ sittingId }) {
      const decision = await storage.proctoring.getDecision(sittingId);
      const result = await results.findBySitting(sittingId);
      if (!decision || !result) return; // the written-done job reads the decision itself
      if (result.decision || result.state === 'released' || result.state === 'invalidated') return;
      await afterSettle(
        await results.decide(result.id, {
          outcome: decision.decision,
          ...(decision.reason ? { reason: decision.reason } : {}),
          reviewerId: decision.decidedBy ?? 'system',
          decidedAt: decision.decidedAt.toISOString(),
        }),
      );
    },
  });

  worker.register(REVIEW_REQUIRED_JOB, {
    payload: z.object({ sittingId: z.string() }),
    async run({ sittingId }) {
      const result = await results.findBySitting(sittingId);
      // Without a result yet, the written-done job reads the integrity itself.
      if (!result || result.reviewNeeded || (result.state !== 'awaiting-oral' && result.state !== 'awaiting-review')) return;
      await results.requireReview(result.id);
    },
  });
}
