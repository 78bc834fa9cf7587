// Run as a child process by test/e2e/process.test.ts: enqueues one job through the real
// storage code, says so, then waits to be killed with SIGKILL before any worker could run it.
import { loadConfig } from '../../server/config.js';
import { openStorage } from '../../server/storage/storage.js';

const config = loadConfig();
const storage = await openStorage(config.database);
const job = await storage.jobs.enqueue({ type: 'e2e.note', payload: { note: 'written before the crash' }, idempotencyKey: 'e2e-crash-1' }, new Date());
console.log(`ENQUEUED ${job.id}`);
setInterval(() => undefined, 60_000);
