import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';

/** A fresh temporary folder, removed by the caller's cleanup. */
export function tempDir(prefix = 'cadre-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real config, as main.ts would build it, for a server on an ephemeral port with its own data folder. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: tempDir(), JOBS_POLL_MS: '50', ...env });
}
