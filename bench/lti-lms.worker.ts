/**
 * The LMS side of bench/lti.bench.ts, in a worker thread (its own event loop, as an LMS and its
 * browsers are elsewhere in real life): the platform emulator and the browsers launching Cadre.
 */
import { parentPort } from 'node:worker_threads';
import express from 'express';
import { PlatformEmulator, createEmulatorRouter } from '../lti/emulator/index.js';
import { Agent, parseForm } from '../test/support/lti/agent.js';
import { freePort } from '../test/support/free-port.js';

type Command =
  | { cmd: 'start' }
  | { cmd: 'register'; registrationUrl: string }
  | { cmd: 'load'; seconds: number; concurrency: number; freshUsers?: boolean }
  | { cmd: 'scores' }
  | { cmd: 'stop' };

let emulator: PlatformEmulator;
let server: ReturnType<express.Express['listen']>;
let clientId = '';
let n = 0;

let fresh = 0;

/** One browser's launch: one of 24 returning learners, or a user never seen before. */
async function oneLaunch(freshUser: boolean): Promise<number> {
  const agent = new Agent();
  const user = freshUser ? `new-${++fresh}` : `learner-${(n++ % 24) + 1}`;
  const started = performance.now();
  const auth = await agent.follow(emulator.beginLaunch({ clientId, userId: user, contextId: 'course-101', resourceLinkId: 'rl-bench' }));
  const form = parseForm(auth.body);
  const home = await agent.submit(form.action, form.fields);
  if (home.status !== 200) throw new Error(`launch answered ${home.status}`);
  return performance.now() - started;
}

parentPort!.on('message', async (message: Command) => {
  try {
    switch (message.cmd) {
      case 'start': {
        const port = await freePort();
        emulator = await PlatformEmulator.create({ baseUrl: `http://127.0.0.1:${port}` });
        const app = express();
        app.use(createEmulatorRouter(emulator));
        server = app.listen(port, '127.0.0.1');
        parentPort!.postMessage({ ok: true });
        break;
      }
      case 'register': {
        await new Agent().follow(emulator.startDynamicRegistration(message.registrationUrl));
        clientId = [...emulator.tools.keys()][0]!;
        emulator.addResourceLink('course-101', { id: 'rl-bench', title: 'Certification', clientId });
        parentPort!.postMessage({ ok: true });
        break;
      }
      case 'load': {
        const latencies: number[] = [];
        const until = performance.now() + message.seconds * 1000;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: message.concurrency }, async () => {
            while (performance.now() < until) latencies.push(await oneLaunch(message.freshUsers ?? false));
          }),
        );
        parentPort!.postMessage({ ok: true, latencies, elapsed: (performance.now() - t0) / 1000 });
        break;
      }
      case 'scores':
        parentPort!.postMessage({ ok: true, count: emulator.scoreLog.length });
        break;
      case 'stop':
        server.closeAllConnections();
        server.close(() => parentPort!.postMessage({ ok: true }));
        break;
    }
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
