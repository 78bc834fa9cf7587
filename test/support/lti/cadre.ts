import { systemClock, type Clock } from '../../../server/clock.js';
import type { Logger } from '../../../server/logger.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { issueRegistrationUrl } from '../../../lti/registration.js';
import type { OneTimeTokenRepository } from '../../../server/storage/repositories/one-time-token-repository.js';
import { testConfig } from '../config.js';
import { createTestDatabase } from '../postgres.js';
import { Agent, parseForm, type Page } from './agent.js';
import { startEmulator, type Running } from './servers.js';
import type { EmulatorOptions, LaunchRequest, PlatformEmulator } from '../../../lti/emulator/index.js';
import { freePort } from '../free-port.js';

export interface World {
  cadre: RunningCadre;
  /** The clock Cadre runs on (the test's, else the system's). */
  clock: Clock;
  /** Stops Cadre and starts it again on the same port and data, as after a crash or a deploy; `whileDown` runs in between. */
  restart(whileDown?: () => void | Promise<void>): Promise<void>;
  /** Drops the PostgreSQL test database, when there is one. */
  dropDatabase?: () => Promise<void>;
  lms: Running & { emulator: PlatformEmulator };
  close(): Promise<void>;
}

/**
 * The real Cadre (startCadre, SQLite in a temp folder, jobs run by hand with worker.drain())
 * and an emulated LMS, each on its own 127.0.0.1 port.
 */
export async function startWorld(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    postgres?: boolean;
    emulator?: Omit<EmulatorOptions, 'baseUrl' | 'now'>;
    /** Cadre's logger (a bench's, writing to a file); else one at the config's LOG_LEVEL on stdout. */
    logger?: Logger;
  } = {},
): Promise<World> {
  const database = options.postgres ? await createTestDatabase() : undefined;
  const lms = await startEmulator({ ...options.emulator, ...(options.clock ? { now: () => options.clock!.now().getTime() } : {}) });
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    JOBS_ENABLED: 'false',
    DEMO: 'false',
    LTI_AUTO_ACTIVATE: 'true',
    ...(process.env.LTI_TEST_LOG ? { LOG_LEVEL: process.env.LTI_TEST_LOG } : {}),
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const overrides = { ...(options.clock ? { clock: options.clock } : {}), ...(options.logger ? { logger: options.logger } : {}) };
  const world: World = {
    cadre: await startCadre(config, overrides),
    clock: options.clock ?? systemClock,
    lms,
    async restart(whileDown) {
      await world.cadre.stop();
      await whileDown?.();
      world.cadre = await startCadre(config, overrides);
    },
    async close() {
      await world.cadre.stop();
      await lms.close();
      await database?.drop();
    },
  };
  return world;
}

/**
 * Registers Cadre in the emulated LMS by dynamic registration, with a Tool URL issued as a Cadre
 * admin would (from `tokens`: the running Cadre's storage unless the test holds another handle on
 * its database); returns the emulator's tool entry.
 */
export async function registerDynamically(world: World, agent = new Agent(), tokens: OneTimeTokenRepository = world.cadre.storage.oneTimeTokens) {
  const before = new Set(world.lms.emulator.tools.keys());
  const { url } = await issueRegistrationUrl(tokens, (world.clock ?? systemClock).now(), { publicUrl: world.cadre.url, issuedBy: 'test' });
  const page = await agent.follow(world.lms.emulator.startDynamicRegistration(url));
  const clientId = [...world.lms.emulator.tools.keys()].find((id) => !before.has(id));
  if (!clientId) throw new Error(`registration failed: ${page.status} ${page.body.slice(0, 500)}`);
  return { page, tool: world.lms.emulator.tools.get(clientId)! };
}

/** A launch as a browser does it: LMS link → tool login → LMS auth → form_post → tool pages. */
export async function launch(world: World, agent: Agent, request: LaunchRequest): Promise<Page> {
  const authPage = await agent.follow(world.lms.emulator.beginLaunch(request));
  if (authPage.status !== 200) return authPage;
  return agent.submitForm(authPage);
}

/** Runs the OIDC login and stops before posting: returns the id_token and state the LMS produced. */
export async function loginOnly(world: World, agent: Agent, request: LaunchRequest): Promise<{ action: string; idToken: string; state: string }> {
  const authPage = await agent.follow(world.lms.emulator.beginLaunch(request));
  const form = parseForm(authPage.body);
  return { action: form.action, idToken: form.fields.id_token!, state: form.fields.state! };
}
