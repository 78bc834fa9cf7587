import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';

/** Small helpers shared by the benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samplesMs: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Runs `task` `total` times with at most `concurrency` in flight; returns each call's latency in ms and the wall time. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

/**
 * Runs `measure` on a throw-away PostgreSQL database (created on TEST_DATABASE_URL or
 * BENCH_DATABASE_URL, dropped after), or says why PostgreSQL was not measured.
 */
export async function onPostgres(print: (line: string) => void, measure: (databaseUrl: string) => Promise<void>): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL;
  if (!url) {
    print('PostgreSQL: not measured — set TEST_DATABASE_URL or BENCH_DATABASE_URL (scripts/postgres-test-cluster.sh start prints one)');
    return;
  }
  const name = `cadre_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    await measure(dbUrl.toString());
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

/**
 * Compressed time: a clock that runs `scale` times faster than the wall clock from `from` (epoch
 * ms) on; another thread makes the same clock from `from` and `scale`. Cadre, the LMS emulator and the simulated browsers all read it, so deadlines, heartbeat
 * gaps and evidence caps keep their meaning while a half-hour session takes a minute or two.
 */
export function compressedClock(scale: number, from = Date.now()): { from: number; scale: number; now(): Date } {
  return { from, scale, now: () => new Date(from + (Date.now() - from) * scale) };
}

/** Samples the 1-minute load average every `everyMs` until stopped; returns the range seen. */
export function sampleLoad(everyMs = 5000): { stop(): { min: number; max: number } } {
  const seen = [os.loadavg()[0]!];
  const timer = setInterval(() => seen.push(os.loadavg()[0]!), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      seen.push(os.loadavg()[0]!);
      return { min: Math.min(...seen), max: Math.max(...seen) };
    },
  };
}

/**
 * CPU time (user + system, ms) the process's main thread has used, from Linux's
 * /proc/self/task/<pid>/stat; undefined elsewhere. Unlike eventLoopUtilization, which counts wall
 * time while the loop is busy, it does not grow while the thread waits for a core on a loaded machine.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name; in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
