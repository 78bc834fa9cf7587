/**
 * Manual LTI 1.3 platform registration:
 *   npm run platform -- list
 *   npm run platform -- add --preset moodle --issuer https://moodle.example.org --client-id X --deployment 1
 *   npm run platform -- add --preset canvas --client-id 10000000000001 --deployment 12:abcd…
 *   npm run platform -- add --issuer … --client-id … --auth-url … --token-url … --jwks-url … --deployment …
 *   npm run platform -- activate <id> | deactivate <id> | remove <id>   (deactivating ends the platform's open sessions)
 *   npm run platform -- registration-url [--days 7]   (a single-use Tool URL for LTI Dynamic Registration)
 * Reads the same configuration as the server (DATABASE_URL, DATA_DIR, SESSION_SECRET, PUBLIC_URL).
 * A database without Cadre's schema stops it (run with the server's DATA_DIR/DATABASE_URL) unless
 * --create-database is given: a platform registered in a new empty database is one the server never sees.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../server/clock.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { resolveSecret } from '../lti/index.js';
import { PlatformDirectory } from '../lti/platforms.js';
import { openServerDatabase } from './lib/server-database.js';
import { issueRegistrationUrl, REGISTRATION_URL_DAYS, toolUrls } from '../lti/registration.js';

const PRESETS: Record<string, (issuer: string) => { issuer: string; auth: string; token: string; jwks: string; name: string }> = {
  moodle: (issuer) => ({
    issuer,
    name: 'Moodle',
    auth: `${issuer}/mod/lti/auth.php`,
    token: `${issuer}/mod/lti/token.php`,
    jwks: `${issuer}/mod/lti/certs.php`,
  }),
  canvas: (issuer) => ({
    issuer: issuer || 'https://canvas.instructure.com',
    name: 'Canvas',
    auth: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    token: 'https://sso.canvaslms.com/login/oauth2/token',
    jwks: 'https://sso.canvaslms.com/api/lti/security/jwks',
  }),
};

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: npm run platform -- list | add [--preset moodle|canvas] --issuer URL --client-id ID [--auth-url URL --token-url URL --jwks-url URL] --deployment ID… [--name N] [--inactive] [--accept-new-deployments] | activate ID | deactivate ID | remove ID | registration-url [--days N]',
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      issuer: { type: 'string', default: '' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      deployment: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      inactive: { type: 'boolean', default: false },
      'accept-new-deployments': { type: 'boolean', default: false },
      days: { type: 'string', default: String(REGISTRATION_URL_DAYS) },
      'create-database': { type: 'boolean', default: false },
    },
  });
  const [command, id] = positionals;
  const config = loadConfig();
  const storage = await openServerDatabase(config.database, values['create-database']);
  const platforms = new PlatformDirectory(storage, systemClock, resolveSecret(config));
  try {
    switch (command) {
      case 'list': {
        const list = await platforms.list();
        if (list.length === 0) console.log('No platform registered.');
        for (const p of list) {
          console.log(
            `${p.id}  ${p.active ? 'active  ' : 'INACTIVE'}  ${p.name}\n    issuer ${p.issuer}  client_id ${p.clientId}  deployments ${p.deployments.join(', ') || '(none)'}  via ${p.registeredBy}${p.acceptNewDeployments ? '  accepts new deployments' : ''}`,
          );
        }
        break;
      }
      case 'add': {
        const preset = values.preset ? PRESETS[values.preset] : undefined;
        if (values.preset && !preset) usage(`unknown preset ${values.preset}`);
        const base = preset?.(values.issuer.replace(/\/+$/, ''));
        const issuer = base?.issuer ?? values.issuer;
        const auth = values['auth-url'] ?? base?.auth;
        const token = values['token-url'] ?? base?.token;
        const jwks = values['jwks-url'] ?? base?.jwks;
        const clientId = values['client-id'];
        if (!issuer || !clientId || !auth || !token || !jwks) usage('add needs --issuer, --client-id and the three platform URLs (or a --preset)');
        if (values.deployment.length === 0 && !values['accept-new-deployments']) usage('add needs --deployment (or --accept-new-deployments)');
        const platform = await platforms.register({
          issuer,
          clientId,
          name: values.name ?? base?.name ?? new URL(issuer).host,
          authEndpoint: auth,
          tokenEndpoint: token,
          jwksUri: jwks,
          deploymentIds: values.deployment,
          active: !values.inactive,
          acceptNewDeployments: values['accept-new-deployments'],
          registeredBy: values.preset === 'canvas' ? 'canvas' : 'manual',
        });
        const urls = toolUrls(config.publicUrl);
        console.log(
          `Registered ${platform.id} (${platform.active ? 'active' : 'inactive'}).\nGive the LMS these tool URLs:\n  Login initiation: ${urls.login}\n  Redirect / launch: ${urls.launch}\n  Public keyset:     ${urls.jwks}\n  Deep linking:      ${urls.deepLinking}`,
        );
        break;
      }
      case 'registration-url': {
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 90) usage('--days must be a whole number of days from 1 to 90');
        const issued = await issueRegistrationUrl(storage.oneTimeTokens, systemClock.now(), { publicUrl: config.publicUrl, issuedBy: 'cli', days });
        console.log(
          `Tool URL for LTI Dynamic Registration (works once, until ${issued.expiresAt.toISOString()}):\n  ${issued.url}\nPaste it in the LMS (Moodle: Site administration > Plugins > Activity modules > External tool > Manage tools > Tool URL).`,
        );
        break;
      }
      case 'activate':
      case 'deactivate':
        if (!id) usage();
        if (!(await platforms.setActive(id, command === 'activate'))) usage(`no platform ${id}`);
        console.log(command === 'activate' ? `${id} activated.` : `${id} deactivated: no more launches, its open sessions are ended.`);
        break;
      case 'remove':
        if (!id) usage();
        if (!(await platforms.remove(id))) usage(`no platform ${id}`);
        console.log(`${id} removed (with its keys, deployments and course data).`);
        break;
      default:
        usage();
    }
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
