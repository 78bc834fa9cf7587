import { describe, expect, it } from 'vitest';
import { applyRoomChange } from '../../server/domain/oral/room.js';
import type { Storage } from '../../server/storage/storage.js';

const at = (seconds: number) => new Date(Date.parse('2026-03-06T07:55:00.000Z') + seconds * 1000);

/** The built-in oral room's state (storage/repositories/oral-room-repository.ts): part of the storage contract. */
export function oralRoomCases(current: () => Storage): void {
  describe('oral room', () => {
    it('opens a room once in the waiting state, even when both sides open it at once', async () => {
      const storage = current();
      const rooms = await Promise.all([
        storage.oralRooms.open('booking-1', at(0)),
        storage.oralRooms.open('booking-1', at(1)),
        storage.oralRooms.open('booking-1', at(2)),
      ]);
      expect(rooms.map((r) => r.state)).toEqual(['waiting', 'waiting', 'waiting']);
      expect(new Set(rooms.map((r) => r.updatedAt.toISOString())).size).toBe(1);
      expect(await storage.oralRooms.get('booking-2')).toBeUndefined();
    });

    it('keeps admission, the ID check and the end, and refuses a change made from a stale read', async () => {
      const storage = current();
      const waiting = await storage.oralRooms.open('booking-1', at(0));
      const admitted = applyRoomChange(waiting, { kind: 'admit' }, at(60));
      expect(await storage.oralRooms.update(waiting, admitted)).toEqual(admitted);
      // A second admit read before the first was written changes nothing.
      expect(await storage.oralRooms.update(waiting, applyRoomChange(waiting, { kind: 'admit' }, at(61)))).toBeUndefined();
      const checked = applyRoomChange(admitted, { kind: 'id-check', assessorId: 'staff-1' }, at(90));
      await storage.oralRooms.update(admitted, checked);
      const part2 = applyRoomChange(checked, { kind: 'part', part: 2 }, at(400));
      await storage.oralRooms.update(checked, part2);
      const ended = applyRoomChange(part2, { kind: 'end' }, at(1200));
      await storage.oralRooms.update(part2, ended);
      expect(await storage.oralRooms.get('booking-1')).toEqual({
        bookingId: 'booking-1',
        state: 'ended',
        admittedAt: at(60),
        idCheckedBy: 'staff-1',
        idCheckedAt: at(90),
        endedAt: at(1200),
        updatedAt: at(1200),
      });
    });
  });
}
