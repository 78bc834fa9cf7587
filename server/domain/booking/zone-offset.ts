import { IANAZone } from 'luxon';

const BUCKET_MS = 15 * 60_000;
const cache = new Map<string, Map<number, number>>();

/**
 * A zone's UTC offset (minutes) at an instant, memoised per zone and quarter hour. Time-zone
 * rules change offsets only on a quarter hour, and asking Intl (what Luxon does) costs tens of
 * microseconds: a calendar of hundreds of slots would spend most of its time there.
 */
export function zoneOffset(timeZone: string, ms: number): number {
  let byBucket = cache.get(timeZone);
  if (!byBucket) {
    byBucket = new Map();
    cache.set(timeZone, byBucket);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  let offset = byBucket.get(bucket);
  if (offset === undefined) {
    offset = IANAZone.create(timeZone).offset(bucket * BUCKET_MS);
    if (byBucket.size > 200_000) byBucket.clear();
    byBucket.set(bucket, offset);
  }
  return offset;
}

/** Date (YYYY-MM-DD) and time (HH:mm) of an instant on a zone's wall clock. */
export function wallClock(timeZone: string): (at: Date) => { date: string; time: string } {
  return (at) => {
    const shifted = new Date(at.getTime() + zoneOffset(timeZone, at.getTime()) * 60_000).toISOString();
    return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
  };
}
