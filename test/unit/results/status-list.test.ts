import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeStatusList, STATUS_LIST_SIZE, statusBit } from '../../../server/domain/results/credential.js';

describe('Bitstring Status List encoding', () => {
  it('is a GZIP bitstring of 16 KiB, base64url with the multibase "u", index 0 the left-most bit', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect(bytes[0]).toBe(0b1000_0000);
    expect(bytes[1]).toBe(0b0100_0000);
    expect(bytes[bytes.length - 1]).toBe(0b0000_0001);
    expect([0, 1, 9, 10, STATUS_LIST_SIZE - 1].map((i) => statusBit(encoded, i))).toEqual([true, false, true, false, true]);
  });

  it('refuses an index outside the list', () => {
    expect(() => encodeStatusList([STATUS_LIST_SIZE])).toThrow(RangeError);
    expect(() => statusBit(encodeStatusList([]), -1)).toThrow(RangeError);
  });
});
