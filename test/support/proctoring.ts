import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { projectRoot } from '../../server/paths.js';

/** A real camera-like photo (240×240 JPEG of a face) the server decodes: identity photos and heartbeat frames in tests. */
export const facePhoto = (): Buffer => fs.readFileSync(path.join(projectRoot, 'test/fixtures/faces/astronaut-240.jpg'));

/** An 8-bit RGB PNG of the given size, each pixel from `pixel` (a uniform colour by default). */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number] = () => [128, 128, 128]): Buffer {
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The attack of issue 16: a single pixel sent as face and ID photo. */
export const onePixelPng = (): Buffer => encodePng(1, 1, () => [255, 255, 255]);
