import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';

describe('createLogger', () => {
  it('appends JSON lines to the file it is given, at its level, with secrets redacted', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-log-')), 'cadre.log');
    const logger = createLogger('info', file);
    logger.debug('not at this level');
    logger.info({ user: { password: 'hunter2' } }, 'written');
    // Written asynchronously, as on stdout: the line lands shortly after.
    await expect.poll(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('\n')).toBe(true);
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'written', service: 'cadre', user: { password: '[redacted]' } });
  });
});
