import { ConfigError, loadConfig, type Config } from './config.js';
import { startCadre } from './server.js';

/** `npm start`: read the config, start Cadre, say where it is, stop cleanly on a signal. */
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const cadre = await startCadre(config);
const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
console.log(
  [
    '',
    `Cadre is ready at ${cadre.url}/  (data: ${where})`,
    `  Health:     ${cadre.url}/health   Readiness: ${cadre.url}/ready`,
    ...(config.demo ? [`  Demo course (an emulated LMS, no install needed): ${cadre.url}/demo`] : []),
    `  LMS administrators (tool URLs to register Cadre): ${cadre.url}/admin/lti`,
    `  Staff (assessors, reviewers, centre admins): ${cadre.url}/staff — create the first account with npm run staff -- add`,
    config.mail.smtpUrl ? '  Mail:       sent through SMTP' : `  Mail:       written as .eml files to ${config.mail.outboxDir}`,
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    cadre.logger.info({ signal }, 'stopping');
    cadre.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        cadre.logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
