/**
 * npm run scorm -- --activity <id> [--version 1.2|2004] --out <file.zip>
 *                  [--label "Moodle of the centre"] [--lms-origin https://moodle.example.org]
 *                  [--hash-learner-ids] [--score-scale cefr|percent] [--locale fr|en]
 * npm run scorm -- --list [--activity <id>]
 * npm run scorm -- --revoke <package id>
 *
 * Builds a SCORM package for a certification activity (1.2 by default), lists packages, revokes
 * one. Uses the configured database (DATABASE_URL / DATA_DIR) and PUBLIC_URL, the address the
 * launcher will call: run it with the server's environment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { AppError } from '../server/errors.js';
import { translate } from '../server/i18n.js';
import type { ScormPackage } from './ports.js';
import type { ScormService } from './service.js';

const USAGE = `usage:
  npm run scorm -- --activity <id> [--version 1.2|2004] --out <file.zip> [--label <text>] [--lms-origin <https://lms>]
                   [--hash-learner-ids] [--score-scale cefr|percent] [--locale fr|en]
  npm run scorm -- --list [--activity <id>]
  npm run scorm -- --revoke <package id>`;

function line(pkg: ScormPackage): string {
  const state = pkg.revokedAt ? `revoked ${pkg.revokedAt.toISOString()}` : 'active';
  return `${pkg.id}  activity=${pkg.activityId}  SCORM ${pkg.version}  ${pkg.label}  origin=${pkg.lmsOrigin ?? 'any'}  ${state}  launches=${pkg.launchCount}`;
}

/** Runs one command; returns the exit code. Messages go to print, errors to fail. */
export async function runScormCli(argv: string[], deps: { service: ScormService; print: (s: string) => void; fail: (s: string) => void }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        activity: { type: 'string' },
        version: { type: 'string', default: '1.2' },
        out: { type: 'string' },
        label: { type: 'string', default: 'LMS' },
        'lms-origin': { type: 'string' },
        'hash-learner-ids': { type: 'boolean', default: false },
        'score-scale': { type: 'string', default: 'cefr' },
        locale: { type: 'string', default: 'fr' },
        list: { type: 'boolean', default: false },
        revoke: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    deps.fail(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    if (values.help) {
      deps.print(USAGE);
      return 0;
    }
    if (values.list) {
      const packages = await deps.service.list(values.activity);
      deps.print(packages.length ? packages.map(line).join('\n') : 'no SCORM package');
      return 0;
    }
    if (values.revoke) {
      deps.print(line(await deps.service.revoke(values.revoke, { kind: 'cli' })));
      return 0;
    }
    const problems: string[] = [];
    if (!values.activity) problems.push('--activity is required');
    if (!values.out) problems.push('--out is required');
    if (values.version !== '1.2' && values.version !== '2004') problems.push('--version must be 1.2 or 2004');
    if (values['score-scale'] !== 'cefr' && values['score-scale'] !== 'percent') problems.push('--score-scale must be cefr or percent');
    if (values.locale !== 'fr' && values.locale !== 'en') problems.push('--locale must be fr or en');
    if (problems.length) {
      deps.fail(`${problems.join('\n')}\n${USAGE}`);
      return 2;
    }
    const { pkg, zip } = await deps.service.create(
      values.activity!,
      {
        version: values.version as '1.2' | '2004',
        label: values.label,
        lmsOrigin: values['lms-origin'] ?? null,
        hashLearnerIds: values['hash-learner-ids'],
        scoreScale: values['score-scale'] as 'cefr' | 'percent',
        locale: values.locale as 'fr' | 'en',
      },
      { kind: 'cli' },
    );
    fs.mkdirSync(path.dirname(path.resolve(values.out!)), { recursive: true });
    fs.writeFileSync(values.out!, zip);
    deps.print(`${values.out}: SCORM ${pkg.version} package ${pkg.id} for activity ${pkg.activityId} (${zip.byteLength} bytes)`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      deps.fail(translate('en', error.id, error.params));
      return 1;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../server/config.js');
  const { openStorage } = await import('../server/storage/storage.js');
  const { systemClock } = await import('../server/clock.js');
  const { ScormService } = await import('./service.js');
  const { EnrolmentService } = await import('../server/domain/enrolment/enrolment-service.js');
  const { enrolledActivities, enrolledUsers } = await import('./enrolment.js');
  const { randomBytes } = await import('node:crypto');
  const config = loadConfig();
  const storage = await openStorage(config.database);
  try {
    const enrolment = new EnrolmentService({ store: storage, clock: systemClock, newSessionId: () => randomBytes(32).toString('base64url') });
    const service = new ScormService({
      packages: storage.scormPackages,
      audit: storage.audit,
      activities: enrolledActivities(enrolment),
      users: enrolledUsers(enrolment),
      results: { resultFor: async () => ({ state: 'not-started' }) },
      clock: systemClock,
      publicUrl: config.publicUrl,
    });
    process.exitCode = await runScormCli(process.argv.slice(2), { service, print: (s) => console.log(s), fail: (s) => console.error(s) });
  } finally {
    await storage.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
