import { describe, expect, it } from 'vitest';
import { applyRoomChange, guideLanguage, roomMode, roomOpensAt, RoomChangeRefused, type OralRoom } from '../../../server/domain/oral/room.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 5, 7, minute));
const waiting: OralRoom = { bookingId: 'b1', state: 'waiting', admittedAt: null, idCheckedBy: null, idCheckedAt: null, endedAt: null, updatedAt: at(50) };

describe('the oral room’s rules', () => {
  it('lets the candidate in once, then the ID check and the parts in any order, until the end', () => {
    expect(() => applyRoomChange(waiting, { kind: 'id-check', assessorId: 'a1' }, at(51))).toThrow(RoomChangeRefused);
    expect(() => applyRoomChange(waiting, { kind: 'part', part: 1 }, at(51))).toThrow(RoomChangeRefused);
    const admitted = applyRoomChange(waiting, { kind: 'admit' }, at(58));
    expect(admitted).toMatchObject({ state: 'admitted', admittedAt: at(58) });
    expect(() => applyRoomChange(admitted, { kind: 'admit' }, at(59))).toThrow(RoomChangeRefused);
    const third = applyRoomChange(applyRoomChange(admitted, { kind: 'id-check', assessorId: 'a1' }, at(59)), { kind: 'part', part: 3 }, at(60));
    expect(applyRoomChange(third, { kind: 'part', part: 2 }, at(61))).toMatchObject({ state: 'part-2', idCheckedBy: 'a1', idCheckedAt: at(59) });
    const ended = applyRoomChange(third, { kind: 'end' }, at(75));
    expect(ended).toMatchObject({ state: 'ended', endedAt: at(75) });
    for (const change of [{ kind: 'admit' }, { kind: 'end' }, { kind: 'part', part: 1 }, { kind: 'id-check', assessorId: 'a1' }] as const)
      expect(() => applyRoomChange(ended, change, at(76))).toThrow(RoomChangeRefused);
    // A candidate who never came: the assessor can still close the room from the waiting state.
    expect(applyRoomChange(waiting, { kind: 'end' }, at(70)).state).toBe('ended');
  });

  it('opens minutes before the time, holds the interview in Cadre unless the assessor keeps their own link, and prompts in the test’s language', () => {
    expect(roomOpensAt(at(0), 10)).toEqual(new Date(Date.UTC(2026, 2, 5, 6, 50)));
    expect(roomMode({ videoUrl: null })).toBe('built-in');
    expect(roomMode({ videoUrl: 'https://meet.example.org/a' })).toBe('external');
    expect([guideLanguage('fr'), guideLanguage('en'), guideLanguage('de'), guideLanguage(null)]).toEqual(['fr', 'en', 'en', 'en']);
  });
});
