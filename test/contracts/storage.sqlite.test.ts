import fs from 'node:fs';
import path from 'node:path';
import { openStorage } from '../../server/storage/storage.js';
import { tempDir } from '../support/config.js';
import { runStorageContract } from './storage-contract.js';

runStorageContract('SQLite', async () => {
  const dir = tempDir();
  const storage = await openStorage({ kind: 'sqlite', file: path.join(dir, 'cadre.sqlite') });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
