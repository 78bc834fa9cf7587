import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { BookingService } from '../server/domain/booking/booking-service.js';
import type { Availability } from '../server/domain/booking/types.js';
import { startCadre, type RunningCadre } from '../server/server.js';
import { TestLaunches } from '../test/support/lti-principals.js';
import { fmt, onPostgres, runConcurrently, summarize } from './stats.js';

const ASSESSORS = 50;
const ZONES = ['Europe/Paris', 'Europe/Paris', 'Europe/Paris', 'Europe/London', 'America/Montreal'];
const NOW = new Date('2026-03-16T08:00:00Z'); // the window covers the end of March: a DST change
const availability = (i: number): Availability => ({
  // Mornings and afternoons on weekdays, shifted per assessor so slots do not all coincide.
  rules: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, startMinute: 8 * 60 + (i % 4) * 30, endMinute: 12 * 60 },
    { weekday, startMinute: 14 * 60, endMinute: 18 * 60 - (i % 3) * 30 },
  ]),
  exceptions: [
    { date: '2026-03-25', kind: 'unavailable', startMinute: null, endMinute: null },
    { date: '2026-03-28', kind: 'available', startMinute: 9 * 60, endMinute: 12 * 60 },
  ],
});

/**
 * Oral booking: slot listing for 50 assessors over the centre's 4-week window (target p95 under
 * 50 ms), in process and over HTTP, and bookings per second over HTTP with 16 in flight.
 */
export async function run(print: (line: string) => void): Promise<void> {
  await measure(print, 'SQLite', {});
  await onPostgres(print, async (databaseUrl) => {
    await measure(print, 'PostgreSQL', { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '16' });
  });
}

async function measure(print: (line: string) => void, label: string, env: Record<string, string>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-oral-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...env });
  const launches = new TestLaunches();
  const clock = new ManualClock(NOW);
  const cadre: RunningCadre = await startCadre(config, { clock, principal: launches.principal, roster: launches });
  try {
    for (let i = 0; i < ASSESSORS; i++) {
      const member = await cadre.storage.staff.create(
        { email: `assessor-${i}@bench.example.org`, name: `Assessor ${i}`, role: 'assessor', timeZone: ZONES[i % ZONES.length] },
        NOW,
      );
      await cadre.storage.availability.replace(member.id, availability(i));
    }
    const service = new BookingService({ store: cadre.storage, clock });
    const first = await service.calendar('default', 'Europe/Paris');

    // Bookings per second over HTTP: distinct candidates, each taking a free slot (16 in flight).
    const bookings = 400;
    const slots = first.slots.filter((_, i) => i % 2 === 0).slice(0, bookings);
    const cookies = slots.map((_, i) => launches.launch({ userId: `bench-${i}`, role: 'candidate' }).cookie);
    let refused = 0;
    const booked = await runConcurrently(slots.length, 16, async (i) => {
      const res = await fetch(`${cadre.url}/api/oral/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', cookie: cookies[i]! },
        body: JSON.stringify({ startsAt: slots[i]!.startsAt }),
      });
      if (res.status !== 201) refused++;
      await res.arrayBuffer();
    });

    // Slot listing once those bookings exist (they are subtracted from the free slots).
    const viewer = launches.launch({ userId: 'viewer', role: 'candidate' }).cookie;
    const overHttp = await runConcurrently(200, 1, async () => {
      const res = await fetch(`${cadre.url}/api/oral/calendar?tz=America/Montreal`, { headers: { accept: 'application/json', cookie: viewer } });
      await res.arrayBuffer();
    });
    const inProcess: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await service.calendar('default', 'Europe/Paris');
      inProcess.push(performance.now() - t);
    }
    const calendar = await service.calendar('default', 'Europe/Paris');
    const a = summarize(inProcess);
    const h = summarize(overHttp.latencies);
    print(
      `${label}: slot listing, ${ASSESSORS} assessors over ${calendar.from} → ${calendar.to} (${calendar.slots.length} distinct start times, ${bookings - refused} booked):`,
    );
    print(`  in process  p50 ${fmt(a.p50)} ms  p95 ${fmt(a.p95)} ms  p99 ${fmt(a.p99)} ms  (target p95 < 50 ms)`);
    print(`  over HTTP   p50 ${fmt(h.p50)} ms  p95 ${fmt(h.p95)} ms  p99 ${fmt(h.p99)} ms`);
    const b = summarize(booked.latencies);
    print(
      `${label}: ${fmt(slots.length / (booked.wallMs / 1000), 0)} bookings/s over HTTP with 16 in flight (${refused} refused; each: slot check, insert, 4 jobs, audit), p95 ${fmt(b.p95)} ms`,
    );
  } finally {
    await cadre.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
