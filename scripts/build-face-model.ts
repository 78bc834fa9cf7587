// Run by `npm run build` (after Vite, which empties dist/public): prepares what in-browser
// proctoring needs, from npm packages only (nothing is downloaded at build or run time):
//  - dist/public/models/face_detection_short_range.tflite: the short-range BlazeFace detector
//    shipped in @mediapipe/face_detection, given the TFLite metadata @mediapipe/tasks-vision
//    requires for a float image input (NormalizationOptions mean 127.5, std 127.5: pixels → [-1, 1]);
//  - dist/public/wasm/: the tasks-vision WebAssembly runtime (SIMD and non-SIMD builds).
// The server serves both under /assets/, from its own origin.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addModelMetadata, imageInputMetadata, METADATA_NAME, readInputs } from './tflite-metadata.js';

const require = createRequire(import.meta.url);

export const FACE_MODEL_FILE = 'face_detection_short_range.tflite';
/** The wasm files FilesetResolver.forVisionTasks picks from (SIMD when the browser has it). */
export const WASM_FILES = ['vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm'];

function packageDir(name: string): string {
  // Both packages keep their main file at their root (tasks-vision does not export package.json).
  return path.dirname(require.resolve(name));
}

/** The face model with its metadata added; throws if the source model is not what we expect. */
export function buildFaceModel(source: Uint8Array): Uint8Array {
  const [input] = readInputs(source);
  if (!input || input.type !== 0 || input.shape.join('x') !== '1x128x128x3') {
    throw new Error(`unexpected face model input: ${JSON.stringify(input)} (expected float32 1x128x128x3)`);
  }
  const metadata = imageInputMetadata({
    modelName: 'BlazeFace (short-range)',
    description: 'Detects faces within about 2 m of the camera; metadata added by Cadre for MediaPipe Tasks.',
    version: '1',
    author: 'Google (model), Cadre (metadata)',
    license: 'Apache License 2.0',
    inputName: input.name,
    mean: [127.5],
    std: [127.5],
    outputNames: ['regressors', 'classificators'],
  });
  return addModelMetadata(source, METADATA_NAME, metadata);
}

export function buildProctoringAssets(publicDir: string): { model: string; wasm: string[] } {
  const faceDetection = packageDir('@mediapipe/face_detection');
  const source = new Uint8Array(fs.readFileSync(path.join(faceDetection, FACE_MODEL_FILE)));
  const modelsDir = path.join(publicDir, 'models');
  fs.mkdirSync(modelsDir, { recursive: true });
  const model = path.join(modelsDir, FACE_MODEL_FILE);
  fs.writeFileSync(model, buildFaceModel(source));

  const wasmSource = path.join(packageDir('@mediapipe/tasks-vision'), 'wasm');
  const wasmDir = path.join(publicDir, 'wasm');
  fs.mkdirSync(wasmDir, { recursive: true });
  const wasm = WASM_FILES.map((file) => {
    const target = path.join(wasmDir, file);
    fs.copyFileSync(path.join(wasmSource, file), target);
    return target;
  });
  return { model, wasm };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const publicDir = path.resolve(process.argv[2] ?? 'dist/public');
  const { model, wasm } = buildProctoringAssets(publicDir);
  console.log(`face model: ${path.relative(process.cwd(), model)} (${fs.statSync(model).size} bytes); wasm: ${wasm.length} files`);
}
