import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { PlatformEmulator, createEmulatorRouter, type EmulatorOptions } from '../../../lti/emulator/index.js';

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on an ephemeral port. */
export async function listen(app: Express): Promise<Running> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts an emulated LMS on its own port; its issuer is its root URL. */
export async function startEmulator(options: Omit<EmulatorOptions, 'baseUrl'> = {}): Promise<Running & { emulator: PlatformEmulator }> {
  const app = express();
  const holder: { emulator?: PlatformEmulator } = {};
  app.use((req, res, next) => (holder.emulator ? createRouterOnce(holder.emulator)(req, res, next) : res.status(503).end()));
  const running = await listen(app);
  const emulator = await PlatformEmulator.create({ baseUrl: running.url, ...options });
  holder.emulator = emulator;
  return { ...running, emulator };
}

const routers = new WeakMap<PlatformEmulator, ReturnType<typeof createEmulatorRouter>>();
function createRouterOnce(emulator: PlatformEmulator) {
  let router = routers.get(emulator);
  if (!router) {
    router = createEmulatorRouter(emulator);
    routers.set(emulator, router);
  }
  return router;
}
