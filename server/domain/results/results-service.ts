/**
 * Results, certificates and their verification. Every change loads a result, applies a pure
 * transition (result.ts) and commits, in one transaction, the result, its certificate, the
 * e-mails and the grades it calls for. A result that becomes validated or invalidated is released
 * in the same transaction.
 */
import type { JWK } from 'jose';
import { AppError } from '../../errors.js';
import type { AuditActor } from '../audit/audit.js';
import type { SkillResult } from '../adaptive/session.js';
import {
  buildCredential,
  buildStatusListCredential,
  certificateUrls,
  CURRENT_STATUS_LIST,
  STATUS_LIST_SIZE,
  statusBit,
  type IssuerProfile,
} from './credential.js';
import { finalGrades } from './levels.js';
import type { CertificateRecord, GradePassback, ResultsRepositories, ResultsStore } from './ports.js';
import { decide, earnsCertificate, openResult, recordOral, release, requireReview, ResultTransitionError, type OpenResultInput } from './result.js';
import type { CertificationResult, OralGrade, ReviewDecision } from './types.js';
import { signCredential, signDocument, verifyCredentialJwt, type IssuerKey, type Verification } from './vc-jwt.js';

export const RESULT_MAIL_JOB = 'results.mail';

export interface ResultMailPayload {
  resultId: string;
  recipient: 'candidate' | 'instructor';
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
}

export interface ResultsServiceDeps {
  store: ResultsStore;
  clock: { now(): Date };
  key: IssuerKey;
  issuer: IssuerProfile;
  publicUrl: string;
  /** New ids (results, certificates). */
  newId: () => string;
  /** Uniform in [0, 1): picks status list entries at random (herd privacy). */
  random: () => number;
  passback?: GradePassback;
}

/** What /verify answers: the check list, plus what the page shows about the certificate. */
export interface VerificationReport extends Verification {
  certificateId: string | null;
}

export class ResultsService {
  constructor(private readonly deps: ResultsServiceDeps) {}

  get urls() {
    return certificateUrls(this.deps.publicUrl);
  }

  /**
   * Opens the result of a sitting whose written part is done; idempotent (the existing result is
   * returned). Called by the delivery flow when a sitting reaches written-done.
   */
  async open(
    input: Omit<OpenResultInput, 'id' | 'written'> & {
      written: readonly Pick<SkillResult, 'skill' | 'level' | 'subLevel' | 'theta' | 'se' | 'levelProbability' | 'bandProbabilities'>[];
    },
  ): Promise<CertificationResult> {
    const existing = await this.deps.store.results.findBySitting(input.sittingId);
    if (existing) return existing;
    const now = this.deps.clock.now();
    const written = input.written.map((r) => ({
      skill: r.skill,
      level: r.level,
      subLevel: r.subLevel,
      theta: r.theta,
      se: r.se,
      levelProbability: r.levelProbability,
      bandProbabilities: [...r.bandProbabilities],
    }));
    const opened = openResult({ ...input, id: this.deps.newId(), written }, now);
    return this.deps.store.transaction(async (repos) => {
      if (!(await repos.results.create(opened))) {
        const raced = await repos.results.findBySitting(input.sittingId);
        if (raced) return raced;
        throw new AppError('result:conflict', {}, 409);
      }
      await repos.audit.record(
        {
          actor: { kind: 'system' },
          action: 'result.open',
          subject: { kind: 'result', id: opened.id },
          details: { sittingId: opened.sittingId, state: opened.state },
        },
        now,
      );
      const settled = await this.settle(repos, opened, now);
      // Not released at once (an oral or a review to come): the gradebook says so, with no level.
      if (settled.state !== 'released' && this.deps.passback) {
        const { activityId, oralRequired } = settled.activity;
        await this.deps.passback({ activityId, userId: settled.userId, outcome: 'pending', oralRequired }, repos.jobs, now);
      }
      return settled;
    });
  }

  async get(resultId: string): Promise<CertificationResult> {
    const r = await this.deps.store.results.get(resultId);
    if (!r) throw new AppError('result:not-found', {}, 404);
    return r;
  }

  /** The result, or undefined (for jobs that must tell a deleted result from an error). */
  findResult(resultId: string): Promise<CertificationResult | undefined> {
    return this.deps.store.results.get(resultId);
  }

  findFor(activityId: string, userId: string): Promise<CertificationResult | undefined> {
    return this.deps.store.results.findFor(activityId, userId);
  }

  findBySitting(sittingId: string): Promise<CertificationResult | undefined> {
    return this.deps.store.results.findBySitting(sittingId);
  }

  listForActivity(activityId: string): Promise<CertificationResult[]> {
    return this.deps.store.results.listForActivity(activityId);
  }

  /** From the oral grading: the five criteria and the oral level. */
  recordOral(resultId: string, grade: OralGrade, actor: AuditActor = { kind: 'staff', id: grade.assessorId }): Promise<CertificationResult> {
    return this.change(resultId, actor, 'result.oral', (r, now) => recordOral(r, grade, now), { level: grade.level });
  }

  /** From proctoring: something needs a human look before the result may be validated. */
  requireReview(resultId: string): Promise<CertificationResult> {
    return this.change(resultId, { kind: 'system' }, 'result.review-required', (r, now) => requireReview(r, now));
  }

  /** From the proctoring review: the reviewer validates or invalidates the sitting. */
  decide(resultId: string, decision: ReviewDecision, requestId?: string): Promise<CertificationResult> {
    return this.change(
      resultId,
      { kind: 'staff', id: decision.reviewerId },
      `result.${decision.outcome === 'validated' ? 'validate' : 'invalidate'}`,
      (r, now) => decide(r, decision, now),
      { reason: decision.reason ?? null },
      requestId,
    );
  }

  private async change(
    resultId: string,
    actor: AuditActor,
    action: string,
    transition: (r: CertificationResult, now: Date) => CertificationResult,
    details: Record<string, unknown> = {},
    requestId?: string,
  ): Promise<CertificationResult> {
    return this.deps.store.transaction(async (repos) => {
      const r = await repos.results.get(resultId);
      if (!r) throw new AppError('result:not-found', {}, 404);
      const now = this.deps.clock.now();
      let next: CertificationResult;
      try {
        next = transition(r, now);
      } catch (error) {
        if (error instanceof ResultTransitionError) throw new AppError(error.id, { state: error.state }, 409);
        throw error;
      }
      if (next === r) return r;
      if (!(await repos.results.save(next))) throw new AppError('result:conflict', {}, 409);
      await repos.audit.record(
        { actor, action, subject: { kind: 'result', id: r.id }, details: { ...details, state: next.state }, ...(requestId ? { requestId } : {}) },
        now,
      );
      return this.settle(repos, next, now);
    });
  }

  /** Releases a result that has just become validated or invalidated; other states stay as they are. */
  private async settle(repos: ResultsRepositories, r: CertificationResult, now: Date): Promise<CertificationResult> {
    if (r.state !== 'validated' && r.state !== 'invalidated') return r;
    const released = release(r, now);
    if (!(await repos.results.save(released))) throw new AppError('result:conflict', {}, 409);
    await repos.audit.record(
      {
        actor: { kind: 'system' },
        action: 'result.release',
        subject: { kind: 'result', id: r.id },
        details: { outcome: r.state, overall: r.levels?.overall ?? null },
      },
      now,
    );
    if (earnsCertificate(released)) await this.issueCertificate(repos, released, now);
    for (const [recipient, contact] of [['candidate', released.candidate] as const, ...released.instructors.map((i) => ['instructor', i] as const)]) {
      if (!contact.email) continue;
      const payload: ResultMailPayload = { resultId: r.id, recipient, email: contact.email, name: contact.name, locale: contact.locale };
      await repos.jobs.enqueue({ type: RESULT_MAIL_JOB, payload, idempotencyKey: `${RESULT_MAIL_JOB}:${r.id}:${recipient}:${contact.email}` }, now);
    }
    if (this.deps.passback) await this.deps.passback(finalGrades(released), repos.jobs, now);
    return released;
  }

  private async issueCertificate(repos: ResultsRepositories, r: CertificationResult, now: Date): Promise<CertificateRecord> {
    const { used } = await repos.certificates.statusEntries(CURRENT_STATUS_LIST);
    const taken = new Set(used);
    if (taken.size >= STATUS_LIST_SIZE / 2) throw new Error('status list half full: add the next list (docs/results.md)');
    let statusIndex: number;
    do statusIndex = Math.floor(this.deps.random() * STATUS_LIST_SIZE);
    while (taken.has(statusIndex));
    const id = this.deps.newId();
    const credential = buildCredential({
      certificateId: id,
      result: r,
      issuer: this.deps.issuer,
      publicUrl: this.deps.publicUrl,
      issuedAt: now,
      statusList: CURRENT_STATUS_LIST,
      statusIndex,
    });
    const record: CertificateRecord = {
      id,
      resultId: r.id,
      statusList: CURRENT_STATUS_LIST,
      statusIndex,
      jwt: await signCredential(credential, this.deps.key),
      issuedAt: now.toISOString(),
      revokedAt: null,
      revocationReason: null,
      revokedBy: null,
    };
    await repos.certificates.create(record);
    await repos.audit.record(
      { actor: { kind: 'system' }, action: 'certificate.issue', subject: { kind: 'certificate', id }, details: { resultId: r.id, level: r.levels!.overall } },
      now,
    );
    return record;
  }

  certificateForResult(resultId: string): Promise<CertificateRecord | undefined> {
    return this.deps.store.certificates.findByResult(resultId);
  }

  findCertificate(id: string): Promise<CertificateRecord | undefined> {
    return this.deps.store.certificates.get(id);
  }

  async certificate(id: string): Promise<CertificateRecord> {
    const c = await this.deps.store.certificates.get(id);
    if (!c) throw new AppError('certificate:not-found', {}, 404);
    return c;
  }

  /** A centre admin withdraws a certificate; the reason is kept, audited and shown to verifiers. */
  async revoke(certificateId: string, reason: string, actor: { staffId: string }, requestId?: string): Promise<CertificateRecord> {
    if (!reason.trim()) throw new AppError('certificate:reason-required', {}, 400);
    return this.deps.store.transaction(async (repos) => {
      const now = this.deps.clock.now();
      const c = await repos.certificates.get(certificateId);
      if (!c) throw new AppError('certificate:not-found', {}, 404);
      if (!(await repos.certificates.revoke(certificateId, { at: now.toISOString(), reason: reason.trim(), by: actor.staffId }))) {
        throw new AppError('certificate:already-revoked', {}, 409);
      }
      await repos.audit.record(
        {
          actor: { kind: 'staff', id: actor.staffId },
          action: 'certificate.revoke',
          subject: { kind: 'certificate', id: c.id },
          details: { reason: reason.trim(), resultId: c.resultId },
          ...(requestId ? { requestId } : {}),
        },
        now,
      );
      return (await repos.certificates.get(certificateId))!;
    });
  }

  /** The public keys verifiers use (JWKS). */
  jwks(): { keys: JWK[] } {
    return { keys: [this.deps.key.publicJwk] };
  }

  issuer(): IssuerProfile {
    return this.deps.issuer;
  }

  /** The signed status list (a BitstringStatusListCredential as VC-JWT), rebuilt from the certificates table. */
  async statusList(list: string): Promise<{ jwt: string; credential: ReturnType<typeof buildStatusListCredential> }> {
    if (list !== CURRENT_STATUS_LIST) throw new AppError('certificate:not-found', {}, 404);
    const { revoked } = await this.deps.store.certificates.statusEntries(list);
    const credential = buildStatusListCredential({
      issuer: this.deps.issuer,
      publicUrl: this.deps.publicUrl,
      list,
      revokedIndexes: revoked,
      now: this.deps.clock.now(),
    });
    return { credential, jwt: await signDocument(credential, this.deps.issuer.id, this.deps.key) };
  }

  /**
   * Verifies a certificate given by its id (the stored JWT is verified: an altered database row
   * fails like an altered file) or as a pasted VC-JWT.
   */
  async verify(idOrJwt: string): Promise<VerificationReport> {
    const input = idOrJwt.trim();
    const byId = /^[\w-]{8,64}$/.test(input) ? await this.deps.store.certificates.get(input) : undefined;
    if (/^[\w-]{8,64}$/.test(input) && !byId) throw new AppError('certificate:not-found', {}, 404);
    const jwt = byId ? byId.jwt : input;
    const listUrl = this.urls.statusList(CURRENT_STATUS_LIST);
    const verification = await verifyCredentialJwt(jwt, {
      keys: this.jwks().keys,
      issuerId: this.deps.issuer.id,
      now: this.deps.clock.now(),
      status: async (url, index) => {
        if (url !== listUrl) return undefined;
        // The same status list the world fetches: its bit decides; the record gives the reason.
        const { credential } = await this.statusList(CURRENT_STATUS_LIST);
        if (!statusBit(credential.credentialSubject.encodedList, index)) return { revoked: false };
        const c = await this.deps.store.certificates.findByStatus(CURRENT_STATUS_LIST, index);
        return { revoked: true, at: c?.revokedAt ?? '', reason: c?.revocationReason ?? '' };
      },
    });
    const certificateId = verification.credential ? verification.credential.id.split('/').pop()! : (byId?.id ?? null);
    return { ...verification, certificateId };
  }
}
