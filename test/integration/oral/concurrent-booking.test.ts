import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../../support/oral.js';
import { createTestDatabase, postgresAvailable } from '../../support/postgres.js';

const REQUESTS = 200;
const SLOT = '2026-03-04T08:00:00.000Z';

function raceForOneSlot(database: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>) {
  let cadre: RunningCadre;
  let drop: () => Promise<void>;
  const launches = new TestLaunches();
  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false', ...db.env }), {
      clock: new ManualClock(new Date('2026-03-02T08:00:00Z')),
      principal: launches.principal,
      roster: launches,
    });
    await seedStaff(cadre.storage, { email: 'awa@centre.example.org', availability: weekdayMornings });
  });
  afterAll(async () => {
    await cadre?.stop();
    await drop?.();
  });

  it(`${REQUESTS} candidates asking for one slot at once: exactly one booking, ${REQUESTS - 1} × 409`, async () => {
    const cookies = Array.from({ length: REQUESTS }, (_, i) => launches.launch({ userId: `candidate-${i}`, role: 'candidate' }).cookie);
    const answers = await Promise.all(
      cookies.map(async (cookie) => {
        const res = await fetch(`${cadre.url}/api/oral/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
          body: JSON.stringify({ startsAt: SLOT }),
        });
        return { status: res.status, body: await res.json() };
      }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(REQUESTS - 1);
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.body.error.id).toBe('booking:slot-taken');
      expect(loser.body.calendar.slots.length).toBeGreaterThan(0);
      expect(loser.body.calendar.slots.some((s: { startsAt: string }) => s.startsAt === SLOT)).toBe(false);
    }
    const live = await cadre.storage.db
      .selectFrom('bookings')
      .select(['candidate_user_id'])
      .where('starts_at', '=', SLOT)
      .where('status', '=', 'booked')
      .execute();
    expect(live).toHaveLength(1);
    // One booking, so one set of e-mails and one reminder were queued: the losers left nothing behind.
    expect((await cadre.storage.jobs.countByStatus()).pending).toBe(3);
  });
}

describe('a slot is never booked twice: SQLite', () => {
  raceForOneSlot(async () => ({ env: {}, drop: async () => undefined }));
});

describe.runIf(postgresAvailable('concurrent booking'))('a slot is never booked twice: PostgreSQL', () => {
  raceForOneSlot(async () => {
    const db = await createTestDatabase();
    return { env: { DATABASE_URL: db.url, DATABASE_POOL_SIZE: '20' }, drop: db.drop };
  });
});
