import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { buildFaceModel, FACE_MODEL_FILE } from '../../scripts/build-face-model.js';
import { readInputs, readModelMetadata } from '../../scripts/tflite-metadata.js';

const source = new Uint8Array(fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('@mediapipe/face_detection')), FACE_MODEL_FILE)));

describe('face model build step', () => {
  it('starts from a model without the metadata tasks-vision requires', () => {
    expect(readModelMetadata(source).has('TFLITE_METADATA')).toBe(false);
  });

  it('adds TFLITE_METADATA (an M001 flatbuffer) and keeps the network untouched', () => {
    const built = buildFaceModel(source);
    const metadata = readModelMetadata(built).get('TFLITE_METADATA');
    expect(metadata).toBeDefined();
    expect(new ByteBuffer(metadata!).__has_identifier('M001')).toBe(true);
    expect(readInputs(built)).toEqual(readInputs(source));
    expect(readInputs(built)).toEqual([{ name: 'input', shape: [1, 128, 128, 3], type: 0 }]);
    // The original bytes are embedded whole (16-byte aligned), so its weights are unchanged.
    expect(Buffer.from(built).indexOf(Buffer.from(source))).toBeGreaterThan(0);
    expect(Buffer.from(built).indexOf(Buffer.from(source)) % 16).toBe(0);
  });

  it('is idempotent: adding the metadata twice keeps a single entry', () => {
    const twice = buildFaceModel(buildFaceModel(source));
    expect([...readModelMetadata(twice).keys()]).toEqual(['TFLITE_METADATA']);
  });
});
