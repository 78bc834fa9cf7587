// npm run staff -- add --email a@x.org --name "Awa Diallo" [--role assessor|reviewer|centre-admin]
//                       [--time-zone Europe/Paris] [--video-url https://…] [--locale fr|en] [--centre default]
//                 list [--role assessor]
//                 reset --email a@x.org        (a new set-password link; open sessions are closed)
//                 deactivate --email a@x.org   (no more logins; open sessions are closed)
// Uses the same configuration as `npm start` (DATABASE_URL, DATA_DIR, SMTP_URL, PUBLIC_URL…); on a
// database without Cadre in it, it stops unless --create-database.
// The set-password link is e-mailed and also printed, for a centre without mail set up.
import { parseArgs } from 'node:util';
import { systemClock } from '../server/clock.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { STAFF_ROLES, StaffEmailTaken, type StaffRole } from '../server/domain/staff/staff.js';
import { createLogger } from '../server/logger.js';
import { createMailer } from '../server/mail/mailer.js';
import { StaffAccountsService } from '../server/domain/staff/accounts-service.js';
import { openServerDatabase } from './lib/server-database.js';

const usage = `Usage:
  npm run staff -- add --email EMAIL --name NAME [--role assessor|reviewer|centre-admin] [--time-zone ZONE] [--video-url URL] [--locale fr|en] [--centre ID]
  npm run staff -- list [--role ROLE]
  npm run staff -- reset --email EMAIL
  npm run staff -- deactivate --email EMAIL
Any command: --create-database (only to create an empty Cadre database where none is).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    'time-zone': { type: 'string' },
    'video-url': { type: 'string' },
    locale: { type: 'string' },
    centre: { type: 'string' },
    'create-database': { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const storage = await openServerDatabase(config.database, values['create-database']);
const logger = createLogger('warn');
const accounts = new StaffAccountsService({ store: storage, clock: systemClock, mailer: createMailer(config.mail, logger), publicUrl: config.publicUrl });
const cli = { kind: 'cli' } as const;
/** Links are built on this shell's PUBLIC_URL (else http://localhost:PORT): say which, so a wrong one is seen at once. */
const linksNote = `(links point to ${config.publicUrl}: this shell's PUBLIC_URL, else http://localhost:PORT; give the command the running server's PUBLIC_URL or PORT)`;

try {
  const command = positionals[0];
  if (command === 'add') {
    if (!values.email || !values.name) fail('add needs --email and --name');
    const role = (values.role ?? 'assessor') as StaffRole;
    if (!STAFF_ROLES.includes(role)) fail(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    if (values.locale && values.locale !== 'fr' && values.locale !== 'en') fail('--locale must be fr or en');
    const zone = values['time-zone'] ?? 'Europe/Paris';
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      fail(`--time-zone: unknown zone ${zone}`);
    }
    try {
      const { member, link } = await accounts.invite(cli, {
        email: values.email,
        name: values.name,
        role,
        timeZone: zone,
        videoUrl: values['video-url'] ?? null,
        locale: values.locale as 'fr' | 'en' | undefined,
        centreId: values.centre,
      });
      console.log(`Created ${member.role} ${member.name} <${member.email}>.\nSet-password link (e-mailed; single use):\n  ${link}\n${linksNote}`);
    } catch (error) {
      if (error instanceof StaffEmailTaken) fail(`${values.email} already has an account (use reset to send a new link)`);
      throw error;
    }
  } else if (command === 'list') {
    const members = await accounts.list({ role: values.role as StaffRole | undefined });
    if (members.length === 0) console.log('No staff accounts yet.');
    for (const m of members)
      console.log(
        [
          m.email.padEnd(32),
          m.role.padEnd(13),
          m.centreId.padEnd(10),
          m.timeZone.padEnd(18),
          m.hasPassword ? 'password set' : 'no password yet',
          m.active ? '' : '(inactive)',
        ]
          .join(' ')
          .trimEnd(),
      );
  } else if (command === 'reset') {
    if (!values.email) fail('reset needs --email');
    const member = await accounts.findByEmail(values.email);
    if (!member) fail(`no staff account for ${values.email}`);
    const link = await accounts.reset(cli, member);
    console.log(`Sessions of ${member.email} closed.\nNew set-password link (e-mailed; single use):\n  ${link}\n${linksNote}`);
  } else if (command === 'deactivate') {
    if (!values.email) fail('deactivate needs --email');
    const member = await accounts.findByEmail(values.email);
    if (!member) fail(`no staff account for ${values.email}`);
    await accounts.deactivate(cli, member);
    console.log(`${member.email} can no longer log in; their sessions are closed.`);
  } else {
    fail(command ? `unknown command ${command}` : 'no command');
  }
} finally {
  await storage.close();
}
