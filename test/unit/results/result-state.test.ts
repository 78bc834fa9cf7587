import { describe, expect, it } from 'vitest';
import { decide, earnsCertificate, openResult, recordOral, release, requireReview, ResultTransitionError } from '../../../server/domain/results/result.js';
import { openInput, oralGrade } from '../../support/results.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, minutes));
const validation = { outcome: 'validated' as const, reviewerId: 'rev-1', decidedAt: '2026-03-04T10:00:00.000Z' };
const invalidation = { outcome: 'invalidated' as const, reason: 'A second person was answering', reviewerId: 'rev-1', decidedAt: '2026-03-04T10:00:00.000Z' };

describe('result state machine', () => {
  it('waits for the oral after the written part, with no level yet', () => {
    const r = openResult(openInput(), t(0));
    expect(r).toMatchObject({ state: 'awaiting-oral', levels: null, releasedAt: null, version: 1 });
  });

  it('is validated once the oral is graded when nothing needs review, then released', () => {
    const graded = recordOral(openResult(openInput(), t(0)), oralGrade('B2'), t(5));
    expect(graded).toMatchObject({ state: 'validated', levels: { overall: 'B2', targetReached: true }, version: 2 });
    const released = release(graded, t(6));
    expect(released).toMatchObject({ state: 'released', releasedAt: t(6).toISOString(), version: 3 });
    expect(earnsCertificate(released)).toBe(true);
  });

  it('waits for the reviewer when proctoring flagged the sitting', () => {
    const graded = recordOral(openResult(openInput({ reviewNeeded: true }), t(0)), oralGrade('B2'), t(5));
    expect(graded).toMatchObject({ state: 'awaiting-review', levels: null });
    expect(() => release(graded, t(6))).toThrow(ResultTransitionError);
    expect(decide(graded, validation, t(7))).toMatchObject({ state: 'validated', levels: { overall: 'B2' } });
  });

  it('keeps an early validation until the oral is graded', () => {
    const r = decide(openResult(openInput({ reviewNeeded: true }), t(0)), validation, t(1));
    expect(r.state).toBe('awaiting-oral');
    expect(recordOral(r, oralGrade('C1'), t(5)).state).toBe('validated');
  });

  it('invalidates at once, even before the oral, and awards nothing', () => {
    const r = decide(openResult(openInput({ reviewNeeded: true }), t(0)), invalidation, t(1));
    expect(r).toMatchObject({ state: 'invalidated', levels: null });
    const released = release(r, t(2));
    expect(released.state).toBe('released');
    expect(earnsCertificate(released)).toBe(false);
  });

  it('refuses an invalidation without a reason', () => {
    const r = openResult(openInput({ reviewNeeded: true }), t(0));
    expect(() => decide(r, { ...invalidation, reason: ' ' }, t(1))).toThrow(expect.objectContaining({ id: 'result:reason-required' }));
  });

  it('goes straight to validated when the activity has no oral and nothing to review', () => {
    expect(openResult(openInput({ oralRequired: false }), t(0))).toMatchObject({ state: 'validated', levels: { overall: 'B2', oral: null } });
  });

  it('a review raised after the written part holds the result back', () => {
    const r = requireReview(openResult(openInput(), t(0)), t(1));
    expect(recordOral(r, oralGrade('B2'), t(2)).state).toBe('awaiting-review');
  });

  it('refuses to change a decided or released result', () => {
    const released = release(recordOral(openResult(openInput(), t(0)), oralGrade('B2'), t(5)), t(6));
    expect(() => decide(released, invalidation, t(7))).toThrow(expect.objectContaining({ id: 'result:already-decided' }));
    expect(() => recordOral(released, oralGrade('C1'), t(7))).toThrow(expect.objectContaining({ id: 'result:not-awaiting-oral' }));
    expect(() => release(released, t(7))).toThrow(expect.objectContaining({ id: 'result:not-releasable' }));
  });

  it('releases a result below the target without a certificate', () => {
    const released = release(recordOral(openResult(openInput({ targetLevel: 'C1' }), t(0)), oralGrade('C1'), t(5)), t(6));
    expect(released.levels).toMatchObject({ overall: 'B2', targetReached: false });
    expect(earnsCertificate(released)).toBe(false);
  });
});
