/** What the results rules need from storage and from the other parts of Cadre. */
import type { AuditLog } from '../audit/audit.js';
import type { JobRepository } from '../jobs/jobs.js';
import type { CertificationResult, FinalGrades, PendingGrades } from './types.js';

export interface ResultRepository {
  get(id: string): Promise<CertificationResult | undefined>;
  findBySitting(sittingId: string): Promise<CertificationResult | undefined>;
  /** The result of a candidate in an activity (one sitting each, so one result). */
  findFor(activityId: string, userId: string): Promise<CertificationResult | undefined>;
  /** Inserts a new result; false when the sitting already has one. */
  create(result: CertificationResult): Promise<boolean>;
  /** Writes the result if its stored version is still `result.version - 1`; false when someone wrote first. */
  save(result: CertificationResult): Promise<boolean>;
  listForActivity(activityId: string): Promise<CertificationResult[]>;
}

export interface CertificateRecord {
  id: string;
  resultId: string;
  statusList: string;
  statusIndex: number;
  /** The signed VC-JWT, exactly as issued. */
  jwt: string;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  revokedBy: string | null;
}

export interface CertificateRepository {
  /** Inserts a certificate; throws if its result already has one or its status entry is taken. */
  create(certificate: CertificateRecord): Promise<void>;
  get(id: string): Promise<CertificateRecord | undefined>;
  findByResult(resultId: string): Promise<CertificateRecord | undefined>;
  findByStatus(statusList: string, statusIndex: number): Promise<CertificateRecord | undefined>;
  /** Marks it revoked; false when it already was (the first reason stands). */
  revoke(id: string, revocation: { at: string; reason: string; by: string }): Promise<boolean>;
  /** Every index of the list: those in use, and among them the revoked ones. */
  statusEntries(statusList: string): Promise<{ used: number[]; revoked: number[] }>;
}

export interface ResultsRepositories {
  results: ResultRepository;
  certificates: CertificateRepository;
  jobs: JobRepository;
  audit: AuditLog;
}

export interface ResultsStore extends ResultsRepositories {
  transaction<T>(fn: (repos: ResultsRepositories) => Promise<T>): Promise<T>;
}

/**
 * The LTI passback (server/server.ts maps it to lti/grades.ts queueGrades): called inside the
 * transaction that opens a result not released at once (Pending) and inside the release transaction
 * (final grades), with its job repository, so the grades are queued if and only if that commits,
 * and a Pending score is always queued before the final ones.
 */
export type GradePassback = (grades: FinalGrades | PendingGrades, jobs: JobRepository, now: Date) => Promise<void>;
