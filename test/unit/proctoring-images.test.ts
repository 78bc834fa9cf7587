import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.js';
import { checkImage } from '../../server/domain/proctoring/images.js';
import { tempDir } from '../support/config.js';
import { facesDir } from '../support/faces.js';
import { encodePng, facePhoto, onePixelPng } from '../support/proctoring.js';

const limits = { minWidth: 160, minHeight: 120 };
const dir = tempDir('cadre-images-');

/** The fixture re-encoded by ffmpeg (CI installs it for the fake cameras) in another layout. */
function variant(fixture: string, name: string, args: string[]): Uint8Array {
  const out = path.join(dir, name);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', path.join(facesDir, fixture), ...args, out]);
  return new Uint8Array(fs.readFileSync(out));
}

const refusal = (bytes: Uint8Array) => {
  try {
    checkImage(bytes, limits);
  } catch (error) {
    if (error instanceof AppError) return [error.id, error.status];
    throw error;
  }
  return undefined;
};

// The server's own decoding of camera images (issue 16): the same picture gives the same size and
// nearly the same contrast whichever layout the encoder chose, and what is not a picture is refused.
describe('checkImage', () => {
  const reference = checkImage(new Uint8Array(fs.readFileSync(path.join(facesDir, 'coffee.png'))), limits);

  it('decodes PNG in every colour type a canvas or an encoder writes', () => {
    expect(reference).toMatchObject({ contentType: 'image/png', width: 600, height: 400 });
    for (const [name, pixFmt] of [
      ['gray.png', 'gray'],
      ['rgba.png', 'rgba'],
      ['rgb48.png', 'rgb48be'],
      ['palette.png', 'pal8'],
    ])
      expect([name, checkImage(variant('coffee.png', name!, ['-pix_fmt', pixFmt!]), limits)]).toEqual([
        name,
        { contentType: 'image/png', width: 600, height: 400, contrast: expect.closeTo(reference.contrast, 0) },
      ]);
  });

  it('decodes baseline JPEG down to its block means, whatever the chroma subsampling', () => {
    for (const [name, pixFmt] of [
      ['420.jpg', 'yuvj420p'],
      ['422.jpg', 'yuvj422p'],
      ['444.jpg', 'yuvj444p'],
      ['gray.jpg', 'gray'],
    ]) {
      const checked = checkImage(variant('coffee.png', name!, ['-q:v', '3', '-pix_fmt', pixFmt!]), limits);
      expect([name, checked.contentType, checked.width, checked.height]).toEqual([name, 'image/jpeg', 600, 400]);
      expect(Math.abs(checked.contrast - reference.contrast)).toBeLessThan(1.5);
    }
    expect(checkImage(facePhoto(), limits)).toMatchObject({ width: 240, height: 240 });
  });

  it('refuses a single pixel, a blank picture, a cut-off upload and bytes that only start like an image', () => {
    expect(refusal(onePixelPng())).toEqual(['proctoring:image-too-small', 422]);
    expect(refusal(encodePng(320, 240))).toEqual(['proctoring:image-blank', 422]);
    expect(refusal(variant('coffee.png', 'blank.jpg', ['-vf', 'drawbox=c=gray:t=fill', '-q:v', '3']))).toEqual(['proctoring:image-blank', 422]);
    const photo = facePhoto();
    expect(refusal(photo.subarray(0, photo.length / 2))).toEqual(['proctoring:image-unreadable', 422]);
    const fake = new Uint8Array(2000).fill(7);
    fake.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(refusal(fake)).toEqual(['proctoring:image-unreadable', 422]);
    expect(refusal(new TextEncoder().encode('hello'))).toEqual(['proctoring:not-an-image', 415]);
    // A noisy picture passes: contrast is about the picture, not its content.
    expect(refusal(encodePng(160, 120, (x, y) => [(x * 7 + y * 13) % 256, (x * y) % 256, 90]))).toBeUndefined();
  });
});
