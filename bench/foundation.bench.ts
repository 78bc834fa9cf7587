import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../server/config.js';
import { projectRoot } from '../server/paths.js';
import { openStorage } from '../server/storage/storage.js';
import { fmt, onPostgres, runConcurrently } from './stats.js';

/** Start-up to ready, and storage throughput on SQLite and PostgreSQL. */
export async function run(print: (line: string) => void): Promise<void> {
  const main = path.join(projectRoot, 'dist/server/main.js');
  if (!fs.existsSync(main)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-'));
  const first = await startupToReady(main, dataDir);
  const again = await startupToReady(main, dataDir);
  print(`start-up to /ready: ${first.toFixed(0)} ms on a new data folder (migrations included), ${again.toFixed(0)} ms on an existing one`);

  await storageThroughput(print, 'SQLite', { kind: 'sqlite', file: path.join(dataDir, 'bench.sqlite') });
  await onPostgres(print, async (databaseUrl) => {
    await storageThroughput(print, 'PostgreSQL', { kind: 'postgres', url: databaseUrl, poolSize: 10 });
  });
}

async function startupToReady(main: string, dataDir: string): Promise<number> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const started = performance.now();
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
      if (performance.now() - started > 30_000) throw new Error('Cadre did not become ready in 30 s');
    }
  } finally {
    child.kill('SIGTERM');
  }
}

async function storageThroughput(print: (line: string) => void, label: string, database: Config['database']): Promise<void> {
  const storage = await openStorage(database);
  try {
    const now = new Date();
    const ids: string[] = [];
    const inserts = 5_000;
    // Sequential: each insert its own committed transaction, as a request would do it.
    const seq = await runConcurrently(inserts, 1, async (i) => {
      ids.push(
        (await storage.audit.record({ actor: { kind: 'system' }, action: 'bench.insert', subject: { kind: 'bench', id: String(i) }, details: { i } }, now)).id,
      );
    });
    const par = await runConcurrently(inserts, 16, async (i) => {
      await storage.audit.record({ actor: { kind: 'system' }, action: 'bench.insert', subject: { kind: 'bench', id: `p${i}` }, details: { i } }, now);
    });
    const reads = 20_000;
    const rd = await runConcurrently(reads, 16, async (i) => {
      await storage.audit.get(ids[(i * 7919) % ids.length]!);
    });
    print(
      `${label}: ${fmt(inserts / (seq.wallMs / 1000), 0)} inserts/s one at a time, ${fmt(inserts / (par.wallMs / 1000), 0)} inserts/s with 16 in flight, ` +
        `${fmt(reads / (rd.wallMs / 1000), 0)} point reads/s with 16 in flight`,
    );
  } finally {
    await storage.close();
  }
}
