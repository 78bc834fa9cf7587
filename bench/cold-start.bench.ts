/**
 * Cold start: the time from `node dist/server/main.js` to the first 200 on /health, on a fresh
 * SQLite data directory (migrations run) and again on the same one (what a restart costs), as an
 * operator starts Cadre. Needs the build (`npm run build`; the server part is enough:
 * `npx tsc -p tsconfig.build.json`). Target: under 5 s.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../server/paths.js';
import { fmt } from './stats.js';
import { freePort } from '../test/support/free-port.js';

/** Starts the built server and polls /health every 10 ms; the ms until it answers 200. */
async function coldStart(dataDir: string, env: Record<string, string>): Promise<{ ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/server/main.js')], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return { ms: performance.now() - started };
      if (performance.now() - started > 60_000) throw new Error('no 200 on /health within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function run(print: (line: string) => void): Promise<void> {
  if (!fs.existsSync(path.join(projectRoot, 'dist/server/main.js'))) {
    print('cold start: not measured — build first (npm run build)');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-cold-'));
  const env = { PUBLIC_URL: 'http://127.0.0.1', SESSION_SECRET: 'x'.repeat(48), JOBS_ENABLED: 'true', DEMO: 'false' };
  try {
    const first = await coldStart(dataDir, env);
    const again: number[] = [];
    for (let i = 0; i < 3; i++) again.push((await coldStart(dataDir, env)).ms);
    print(
      `cold start, node dist/server/main.js to the first 200 on /health: ${fmt(first.ms, 0)} ms on a new SQLite database (migrations run) (target: under 5,000 ms)`,
    );
    print(
      `  restarts on the same database: ${again.map((ms) => fmt(ms, 0)).join(' / ')} ms (load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
