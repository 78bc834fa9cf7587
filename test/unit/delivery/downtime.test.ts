import { describe, expect, it } from 'vitest';
import { downtimeBetween } from '../../../server/domain/delivery/downtime.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 8, 0, s));
const span = (a: number, b: number) => ({ startedAt: at(a), endedAt: at(b) });

describe('downtime between two instants', () => {
  it('counts the part of each span inside the interval', () => {
    expect(downtimeBetween([span(10, 20)], at(0), at(30))).toBe(10_000);
    expect(downtimeBetween([span(10, 20)], at(15), at(30))).toBe(5_000);
    expect(downtimeBetween([span(10, 20)], at(0), at(12))).toBe(2_000);
    expect(downtimeBetween([span(10, 20)], at(20), at(30))).toBe(0);
    expect(downtimeBetween([], at(0), at(30))).toBe(0);
  });

  it('counts overlapping spans once (two instances that started together), in any order', () => {
    expect(downtimeBetween([span(12, 25), span(10, 20), span(40, 41)], at(0), at(60))).toBe(16_000);
    expect(downtimeBetween([span(10, 20), span(10, 20)], at(0), at(60))).toBe(10_000);
    expect(downtimeBetween([span(10, 30), span(12, 14)], at(0), at(60))).toBe(20_000);
  });
});
