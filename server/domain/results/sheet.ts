/**
 * The result sheet as the candidate, the instructor and the PDF see it: one view model for the
 * component (cadre-result-sheet) and the PDF, so both always say the same thing.
 */
import { certificateUrls, type IssuerProfile } from './credential.js';
import type { CertificateRecord } from './ports.js';
import type { CertificationResult, ResultState } from './types.js';
import type { SubLevel } from '../adaptive/cefr.js';
import { ORAL_CRITERIA, SKILLS, type CefrLevel, type OralCriterion, type Skill } from '../cefr.js';

export interface ResultSheet {
  resultId: string;
  sittingId: string;
  state: ResultState;
  /** False until released: the sheet then shows where things stand, and no level. */
  released: boolean;
  invalidated: { reason: string | null } | null;
  issuer: { name: string; url: string };
  candidate: { name: string | null };
  activity: { title: string | null; language: string; targetLevel: CefrLevel | null; oralRequired: boolean };
  writtenAt: string;
  releasedAt: string | null;
  written: { skill: Skill; level: CefrLevel; subLevel: SubLevel; se: number; levelProbability: number }[];
  writtenOverall: CefrLevel | null;
  oral: { level: CefrLevel; criteria: { criterion: OralCriterion; level: CefrLevel }[] } | null;
  overall: CefrLevel | null;
  targetReached: boolean | null;
  /** A revoked certificate has no share or LinkedIn link: it is not something to show off. */
  certificate: { id: string; revoked: boolean; shareUrl: string | null; linkedInUrl: string | null; pdfUrl: string } | null;
  /** Where the QR code points (absolute): the certificate's verification page, or the sheet's own. */
  verifyUrl: string;
  /** Same-origin paths, for the page that shows the sheet. */
  qrUrl: string;
  pdfUrl: string;
}

/** LinkedIn's "add licence or certification" form, prefilled. */
export function linkedInAddUrl(input: { name: string; organizationName: string; issuedAt: string; certUrl: string; certId: string }): string {
  const d = new Date(input.issuedAt);
  const q = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.name,
    organizationName: input.organizationName,
    issueYear: String(d.getUTCFullYear()),
    issueMonth: String(d.getUTCMonth() + 1),
    certUrl: input.certUrl,
    certId: input.certId,
  });
  return `https://www.linkedin.com/profile/add?${q.toString()}`;
}

/** The certificate's links on the sheet; a revoked one gets no share or LinkedIn link. */
function certificateLinks(
  certificate: CertificateRecord,
  name: string,
  issuer: IssuerProfile,
  urls: ReturnType<typeof certificateUrls>,
): NonNullable<ResultSheet['certificate']> {
  const revoked = certificate.revokedAt !== null;
  const certUrl = urls.verify(certificate.id);
  return {
    id: certificate.id,
    revoked,
    shareUrl: revoked ? null : certUrl,
    linkedInUrl: revoked ? null : linkedInAddUrl({ name, organizationName: issuer.name, issuedAt: certificate.issuedAt, certUrl, certId: certificate.id }),
    pdfUrl: `/certificates/${certificate.id}/certificate.pdf`,
  };
}

export function buildSheet(r: CertificationResult, certificate: CertificateRecord | undefined, issuer: IssuerProfile, publicUrl: string): ResultSheet {
  const urls = certificateUrls(publicUrl);
  const released = r.state === 'released';
  const awarded = released && r.levels !== null;
  const levels = awarded ? r.levels : null;
  const verifyId = certificate?.id ?? r.id;
  return {
    resultId: r.id,
    sittingId: r.sittingId,
    state: r.state,
    released,
    invalidated: released && r.decision?.outcome === 'invalidated' ? { reason: r.decision.reason ?? null } : null,
    issuer: { name: issuer.name, url: issuer.url },
    candidate: { name: r.candidate.name },
    activity: { title: r.activity.title, language: r.activity.language, targetLevel: r.activity.targetLevel, oralRequired: r.activity.oralRequired },
    writtenAt: r.writtenAt,
    releasedAt: r.releasedAt,
    written: awarded
      ? SKILLS.map((s) => r.written.find((w) => w.skill === s)!).map((w) => ({
          skill: w.skill,
          level: w.level,
          subLevel: w.subLevel,
          se: w.se,
          levelProbability: w.levelProbability,
        }))
      : [],
    writtenOverall: levels?.writtenOverall ?? null,
    oral: awarded && r.oral ? { level: r.oral.level, criteria: ORAL_CRITERIA.map((c) => ({ criterion: c, level: r.oral!.criteria[c] })) } : null,
    overall: levels?.overall ?? null,
    targetReached: levels?.targetReached ?? null,
    certificate:
      awarded && certificate ? certificateLinks(certificate, `CEFR ${levels!.overall} — ${r.activity.title ?? r.activity.language}`, issuer, urls) : null,
    verifyUrl: urls.verify(verifyId),
    qrUrl: `/verify/${verifyId}/qr.svg`,
    pdfUrl: `/results/${r.id}/sheet.pdf`,
  };
}
