import express, { type Router } from 'express';
import type { Config } from '../server/config.js';
import type { Logger } from '../server/logger.js';
import { PlatformEmulator, createEmulatorRouter } from './emulator/index.js';
import type { PlatformDirectory } from './platforms.js';
import type { toolUrls } from './registration.js';

export const DEMO_CLIENT_ID = 'cadre-demo';
export const DEMO_DEPLOYMENT_ID = 'demo-deployment';

/**
 * The demo course (not in production): the platform emulator at /demo, with Cadre registered in
 * it and it registered in Cadre, so `npm start` shows launch → home/dashboard → gradebook with
 * no LMS. The emulator keeps its state in memory: a restart gives a fresh course.
 */
export function mountDemo(app: Router, deps: { config: Config; platforms: PlatformDirectory; urls: ReturnType<typeof toolUrls>; logger: Logger }) {
  // The emulator's router joins this one at start; until then the demo answers 503.
  const demo = express.Router();
  let ready = false;
  demo.use((_req, res, next) => {
    if (ready) return next();
    res.status(503).type('text').send('The demo course is starting.');
  });
  app.use('/demo', demo);
  return {
    async start() {
      const issuer = `${deps.config.publicUrl}/demo`;
      const emulator = await PlatformEmulator.create({ baseUrl: issuer });
      emulator.registerTool({
        clientId: DEMO_CLIENT_ID,
        deploymentId: DEMO_DEPLOYMENT_ID,
        name: 'Cadre',
        initiateLoginUri: deps.urls.login,
        redirectUris: [deps.urls.launch],
        jwksUri: deps.urls.jwks,
        targetLinkUri: deps.urls.launch,
      });
      emulator.addResourceLink(emulator.defaultContextId, {
        id: 'demo-certification',
        title: 'Certification CECRL — anglais professionnel (B2)',
        clientId: DEMO_CLIENT_ID,
        custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'true' },
      });
      if (!(await deps.platforms.find(issuer, DEMO_CLIENT_ID))) {
        await deps.platforms.register({
          issuer,
          clientId: DEMO_CLIENT_ID,
          name: 'Demo course (emulated LMS)',
          authEndpoint: emulator.endpoints.authorization,
          tokenEndpoint: emulator.endpoints.token,
          jwksUri: emulator.endpoints.jwks,
          deploymentIds: [DEMO_DEPLOYMENT_ID],
          active: true,
          acceptNewDeployments: false,
          registeredBy: 'manual',
        });
      }
      demo.use(createEmulatorRouter(emulator));
      ready = true;
      deps.logger.info({ url: issuer }, 'demo course ready');
      return emulator;
    },
  };
}
