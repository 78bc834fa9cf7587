import { describe } from 'vitest';
import { openStorage } from '../../server/storage/storage.js';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';
import { runStorageContract } from './storage-contract.js';

describe.runIf(postgresAvailable('storage contract'))('PostgreSQL', () => {
  runStorageContract('PostgreSQL', async () => {
    const database = await createTestDatabase();
    const storage = await openStorage({ kind: 'postgres', url: database.url, poolSize: 25 });
    return {
      storage,
      cleanup: async () => {
        await storage.close();
        await database.drop();
      },
    };
  });
});
