import type { Migration } from 'kysely';
import * as m0001 from './0001_audit_and_jobs.js';
import * as m0003 from './0003_delivery.js';
import * as m0007 from './0007_results.js';

/**
 * Every migration, in order. Listed by hand (not read from the folder) so the same list works
 * from TypeScript sources and from the compiled dist/. Never edit a migration that has shipped:
 * add the next one.
 */
export const migrations: Record<string, Migration> = {
  '0001_audit_and_jobs': m0001,
  '0003_delivery': m0003,
  '0007_results': m0007,
};
