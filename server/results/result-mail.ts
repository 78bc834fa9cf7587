import { z } from 'zod';
import { PermanentJobError } from '../domain/jobs/jobs.js';
import type { ResultsService } from '../domain/results/results-service.js';
import { RESULT_MAIL_JOB, type ResultMailPayload } from '../domain/results/results-service.js';
import { translate } from '../i18n.js';
import type { JobHandler, JobWorker } from '../jobs/worker.js';
import type { Mailer } from '../mail/mailer.js';
import { resultLinkSubject } from '../http/results-routes.js';
import type { LinkSigner } from '../http/signed-links.js';

const payload: z.ZodType<ResultMailPayload> = z.object({
  resultId: z.string(),
  recipient: z.enum(['candidate', 'instructor']),
  email: z.string(),
  name: z.string().nullable(),
  locale: z.enum(['fr', 'en']),
});

/**
 * The e-mail that tells the candidate, and each instructor, that a result is released: the
 * overall level and whether the target is reached (or that the sitting was invalidated, and why),
 * with links to the result sheet and, for the candidate, to the certificate to share.
 */
export function resultMailHandler(deps: { results: ResultsService; mailer: Mailer; publicUrl: string; links: LinkSigner }): JobHandler<ResultMailPayload> {
  return {
    payload,
    async run(p) {
      const r = await deps.results.findResult(p.resultId);
      if (!r) throw new PermanentJobError(`result ${p.resultId} no longer exists`);
      const t = (id: string, params: Record<string, string | number> = {}) => translate(p.locale, id, params);
      const title = r.activity.title ?? t('results:certification', { language: r.activity.language });
      const candidateName = r.candidate.name ?? r.userId;
      const lines: string[] = [t('mail:result-hello', { name: p.name ?? '' }).replace(' ,', ','), ''];
      lines.push(p.recipient === 'candidate' ? t('mail:result-released', { title }) : t('mail:result-instructor-released', { name: candidateName, title }));
      if (r.levels && r.decision?.outcome !== 'invalidated') {
        lines.push(
          t('mail:result-overall', {
            level: r.levels.overall,
            target: r.activity.targetLevel ?? t('results:target-none'),
            reached: t(r.levels.targetReached ? 'mail:yes' : 'mail:no'),
          }),
        );
      } else {
        lines.push(t('mail:result-invalidated', { reason: r.decision?.reason ?? '' }));
      }
      // A signed, expiring link: the mail client has no LMS session (docs/privacy.md).
      const sheetUrl = deps.links.signUrl(`${deps.publicUrl}/results/${r.id}?lang=${p.locale}`, resultLinkSubject(r.id));
      lines.push('', t('mail:result-sheet', { url: sheetUrl }));
      const certificate = await deps.results.certificateForResult(r.id);
      if (certificate && p.recipient === 'candidate') lines.push(t('mail:result-certificate', { url: deps.results.urls.verify(certificate.id) }));
      lines.push('', t('mail:result-signature'));
      const subject = p.recipient === 'candidate' ? t('mail:result-subject', { title }) : t('mail:result-instructor-subject', { name: candidateName });
      await deps.mailer.send({ to: p.email, subject, text: lines.join('\n') });
    },
  };
}

export function registerResultJobs(worker: JobWorker, deps: Parameters<typeof resultMailHandler>[0]): void {
  worker.register(RESULT_MAIL_JOB, resultMailHandler(deps));
}
