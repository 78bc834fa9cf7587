import { createHash, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditActor, AuditLog } from '../server/domain/audit/audit.js';
import { AppError } from '../server/errors.js';
import { translate, type Locale } from '../server/i18n.js';
import { buildPackageZip } from './package-builder.js';
import type {
  ScormActivity,
  ScormActivitySource,
  ScormLearner,
  ScormPackage,
  ScormPackageOptions,
  ScormPackageRepository,
  ScormResultSource,
  ScormUserDirectory,
} from './ports.js';
import { levelOfScore, levelScore } from '../server/domain/cefr.js';
import { cmiWrites, isPassed, type CefrLevel, type CmiWrite, type ScormResult } from './scoring.js';

export interface ScormServiceDeps {
  packages: ScormPackageRepository;
  audit: AuditLog;
  activities: ScormActivitySource;
  users: ScormUserDirectory;
  results: ScormResultSource;
  clock: { now(): Date };
  /** Cadre's public base URL, written into packages (launch endpoint) and start links. */
  publicUrl: string;
  randomBytes?: (size: number) => Buffer;
}

export interface LaunchInput {
  key: string;
  learnerId: string;
  learnerName: string | null;
  locale: Locale;
  /** The Origin header of the launcher's request, if any. */
  origin: string | undefined;
  /** A status refresh by a launcher already running: not counted as a launch. */
  refresh?: boolean;
  requestId?: string;
}

/** What the launcher gets back: everything it shows and writes. */
export interface LaunchAnswer {
  locale: Locale;
  state: ScormResult['state'];
  /** True once the result is released: nothing will change any more. */
  final: boolean;
  activity: { title: string; targetLevel: CefrLevel };
  learner: { name: string | null };
  result: { score: number; level: CefrLevel | null; passed: boolean } | null;
  /** Single-use, short-lived: opened top-level it opens the Cadre session. */
  startUrl: string;
  /** Data-model writes, in order, for the package's SCORM version. */
  cmi: CmiWrite[];
  texts: Record<
    'title' | 'targetLabel' | 'target' | 'statusLabel' | 'status' | 'resultLabel' | 'start' | 'refresh' | 'hint' | 'saved' | 'lmsNotSaved',
    string
  > & {
    result?: string;
  };
}

const KEY_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const TICKET_TTL_MS = 10 * 60_000;
const HASHED_LEARNER = /^sha256:[0-9a-f]{64}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The scope of a package's learner ids: one LMS (by origin), or the package alone. */
export function learnerIssuer(pkg: Pick<ScormPackage, 'id' | 'lmsOrigin'>): string {
  return pkg.lmsOrigin ? `scorm:${pkg.lmsOrigin}` : `scorm:package:${pkg.id}`;
}

/** A normalised origin (scheme://host[:port]) or an AppError. */
export function normaliseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('scorm:origin-invalid', { origin: value }, 400);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('scorm:origin-invalid', { origin: value }, 400);
  return url.origin;
}

/**
 * SCORM packages of an activity: building them (each with its own key, of which only the SHA-256
 * is stored), listing and revoking them, and the launch of a learner from a package.
 */
export class ScormService {
  private readonly random: (size: number) => Buffer;

  constructor(private readonly deps: ScormServiceDeps) {
    this.random = deps.randomBytes ?? cryptoRandomBytes;
  }

  private async activity(activityId: string): Promise<ScormActivity & { targetLevel: CefrLevel }> {
    const activity = await this.deps.activities.get(activityId);
    if (!activity) throw new AppError('scorm:activity-not-found', { activityId }, 404);
    if (!activity.targetLevel) throw new AppError('scorm:no-target-level', {}, 409);
    return activity as ScormActivity & { targetLevel: CefrLevel };
  }

  /** Builds a new package for the activity; the key exists only inside the returned zip. */
  async create(
    activityId: string,
    options: ScormPackageOptions & { locale?: Locale },
    actor: AuditActor,
    requestId?: string,
  ): Promise<{ pkg: ScormPackage; zip: Uint8Array; fileName: string }> {
    const activity = await this.activity(activityId);
    const now = this.deps.clock.now();
    const locale = options.locale ?? 'fr';
    const pkg: ScormPackage = {
      id: this.random(16).toString('base64url'),
      activityId,
      version: options.version,
      label: options.label,
      lmsOrigin: options.lmsOrigin === null ? null : normaliseOrigin(options.lmsOrigin),
      hashLearnerIds: options.hashLearnerIds,
      scoreScale: options.scoreScale,
      createdAt: now,
      createdBy: actor,
      revokedAt: null,
      revokedBy: null,
      lastLaunchAt: null,
      launchCount: 0,
    };
    const secret = this.random(32).toString('base64url');
    const zip = buildPackageZip({
      packageId: pkg.id,
      title: activity.title ?? translate(locale, 'scorm:title-default', { level: activity.targetLevel }),
      targetLevel: activity.targetLevel,
      scoreScale: pkg.scoreScale,
      launcher: {
        cadreUrl: this.deps.publicUrl,
        key: `${pkg.id}.${secret}`,
        version: pkg.version,
        hashLearnerIds: pkg.hashLearnerIds,
        learnerIdSalt: learnerIssuer(pkg),
        locale,
      },
    });
    await this.deps.packages.insert(pkg, sha256(secret));
    await this.deps.audit.record(
      {
        actor,
        action: 'scorm.package-created',
        subject: { kind: 'scorm-package', id: pkg.id },
        details: {
          activityId,
          version: pkg.version,
          label: pkg.label,
          lmsOrigin: pkg.lmsOrigin,
          hashLearnerIds: pkg.hashLearnerIds,
          scoreScale: pkg.scoreScale,
        },
        ...(requestId ? { requestId } : {}),
      },
      now,
    );
    const fileName = `cadre-${activityId.replace(/[^\w-]/g, '_')}-scorm${pkg.version === '1.2' ? '12' : '2004'}-${pkg.id.slice(0, 8)}.zip`;
    return { pkg, zip, fileName };
  }

  list(activityId?: string): Promise<ScormPackage[]> {
    return activityId ? this.deps.packages.listForActivity(activityId) : this.deps.packages.listAll();
  }

  async get(packageId: string): Promise<ScormPackage> {
    const found = await this.deps.packages.get(packageId);
    if (!found) throw new AppError('scorm:package-not-found', {}, 404);
    return found.pkg;
  }

  /** Revokes a package: its launches are refused from now on. Revoking twice changes nothing. */
  async revoke(packageId: string, actor: AuditActor, requestId?: string): Promise<ScormPackage> {
    await this.get(packageId);
    const now = this.deps.clock.now();
    if (await this.deps.packages.revoke(packageId, actor, now)) {
      await this.deps.audit.record(
        { actor, action: 'scorm.package-revoked', subject: { kind: 'scorm-package', id: packageId }, ...(requestId ? { requestId } : {}) },
        now,
      );
    }
    return this.get(packageId);
  }

  private async refuse(pkg: ScormPackage, reason: string, input: LaunchInput, error: AppError): Promise<never> {
    await this.deps.audit.record(
      {
        actor: { kind: 'system' },
        action: 'scorm.launch-refused',
        subject: { kind: 'scorm-package', id: pkg.id },
        details: { reason, origin: input.origin ?? null },
        ...(input.requestId ? { requestId: input.requestId } : {}),
      },
      this.deps.clock.now(),
    );
    throw error;
  }

  /** The package a key names, if the key is intact and the package not revoked. */
  async verifyKey(input: LaunchInput): Promise<ScormPackage> {
    const match = KEY_FORMAT.exec(input.key);
    if (!match) throw new AppError('scorm:key-invalid', {}, 401);
    const found = await this.deps.packages.get(match[1]!);
    if (!found) throw new AppError('scorm:key-invalid', {}, 401);
    const { pkg, keyHash } = found;
    if (!sameHash(sha256(match[2]!), keyHash)) return this.refuse(pkg, 'altered-key', input, new AppError('scorm:key-invalid', {}, 401));
    if (pkg.revokedAt) return this.refuse(pkg, 'revoked', input, new AppError('scorm:key-revoked', {}, 403));
    if (pkg.lmsOrigin && input.origin !== pkg.lmsOrigin) return this.refuse(pkg, 'origin', input, new AppError('scorm:origin-not-allowed', {}, 403));
    return pkg;
  }

  /**
   * A learner opens the package in the LMS: the key names the package (hence the activity), the
   * learner id names the Cadre user within the package's LMS. Answers where the certification
   * stands, what to write to the LMS, and a fresh single-use start link.
   */
  async launch(input: LaunchInput): Promise<LaunchAnswer> {
    const pkg = await this.verifyKey(input);
    if (pkg.hashLearnerIds && !HASHED_LEARNER.test(input.learnerId)) throw new AppError('scorm:learner-not-hashed', {}, 400);
    const activity = await this.deps.activities.get(pkg.activityId);
    if (!activity || !activity.targetLevel) throw new AppError('scorm:activity-gone', {}, 410);
    const target = activity.targetLevel;
    const now = this.deps.clock.now();
    const name = pkg.hashLearnerIds ? null : input.learnerName?.trim() || null;
    const { userId } = await this.deps.users.upsert({ issuer: learnerIssuer(pkg), subject: input.learnerId, name }, now);
    const result = await this.deps.results.resultFor(pkg.activityId, userId);

    const ticket = this.random(32).toString('base64url');
    await this.deps.packages.addTicket(
      sha256(ticket),
      {
        packageId: pkg.id,
        userId,
        activityId: pkg.activityId,
        contextId: activity.contextId,
        name,
        locale: input.locale,
        expiresAt: new Date(now.getTime() + TICKET_TTL_MS),
      },
      now,
    );
    if (!input.refresh) await this.deps.packages.recordLaunch(pkg.id, now);

    const released = result.state === 'released' && typeof result.score0to6 === 'number';
    const answerResult = released ? { score: result.score0to6!, level: levelOfScore(result.score0to6!), passed: isPassed(result, target) } : null;
    const l = input.locale;
    const title = activity.title ?? translate(l, 'scorm:title-default', { level: target });
    const texts: LaunchAnswer['texts'] = {
      title,
      targetLabel: translate(l, 'scorm:target-label'),
      target: translate(l, 'scorm:target', { level: target, score: levelScore(target) }),
      statusLabel: translate(l, 'scorm:status-label'),
      status: translate(l, answerResult ? `scorm:state-released-${answerResult.passed ? 'passed' : 'failed'}` : `scorm:state-${result.state}`),
      resultLabel: translate(l, 'scorm:result-label'),
      start: translate(l, `scorm:start-${result.state}`),
      refresh: translate(l, 'scorm:refresh'),
      hint: translate(l, 'scorm:hint'),
      saved: translate(l, released ? 'scorm:saved-final' : 'scorm:saved'),
      lmsNotSaved: translate(l, 'scorm:lms-not-saved'),
    };
    if (answerResult) {
      texts.result = translate(l, 'scorm:result', {
        level: answerResult.level ?? translate(l, 'scorm:below-a1'),
        score: Math.round(answerResult.score * 100) / 100,
      });
    }
    return {
      locale: l,
      state: result.state,
      final: released,
      activity: { title, targetLevel: target },
      learner: { name },
      result: answerResult,
      startUrl: `${this.deps.publicUrl}/scorm/start?ticket=${ticket}`,
      cmi: cmiWrites(pkg.version, result, target, pkg.scoreScale),
      texts,
    };
  }

  /** The learner behind a start link, once: a used, expired or unknown ticket is refused. */
  async redeem(ticket: string): Promise<ScormLearner> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) throw new AppError('scorm:ticket-invalid', {}, 410);
    const found = await this.deps.packages.redeemTicket(sha256(ticket), this.deps.clock.now());
    if (!found) throw new AppError('scorm:ticket-invalid', {}, 410);
    // A package revoked after the ticket was issued opens no session either.
    const pkg = await this.deps.packages.get(found.packageId);
    if (!pkg || pkg.pkg.revokedAt) throw new AppError('scorm:key-revoked', {}, 403);
    return {
      userId: found.userId,
      activityId: found.activityId,
      contextId: found.contextId,
      name: found.name,
      locale: found.locale,
      packageId: found.packageId,
    };
  }
}
