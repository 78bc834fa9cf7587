import type { FaceObservation } from '../../plugin/detectors/detector.js';

/** Where the server serves the tasks-vision runtime and the face model (same origin). */
export interface FaceEngineOptions {
  /** Base path of the static assets; by default the folder the bundle itself came from. */
  assetsBase?: string;
  /** Faces scoring below this are ignored (0.5 by default, MediaPipe's own default). */
  minConfidence?: number;
}

export type FaceSource = HTMLCanvasElement | HTMLVideoElement | HTMLImageElement | ImageBitmap | OffscreenCanvas | ImageData;

/** Face detection in the browser, on the CPU, with the model and runtime served by Cadre itself. */
export interface FaceEngine {
  /** Faces in one image, with normalized boxes (0–1) and the six BlazeFace keypoints. */
  detect(source: FaceSource): FaceObservation[];
  close(): void;
}

export const FACE_MODEL_PATH = 'models/face_detection_short_range.tflite';

/**
 * The folder this bundle was loaded from (e.g. /assets/v/<version>/): the model and wasm sit
 * next to it, so they share its versioned, long-cached URLs.
 */
export const BUNDLE_BASE = new URL(/* @vite-ignore */ '.', import.meta.url).href;

/** Download progress of the proctoring software, in bytes (total 0 while unknown). */
export interface FaceAssetsProgress {
  loaded: number;
  total: number;
}

export interface FaceAssetsOptions {
  assetsBase?: string;
  onProgress?: (progress: FaceAssetsProgress) => void;
}

interface FaceAssets {
  /** The model's bytes, handed to the detector (no second download). */
  model: Uint8Array;
}

const preloads = new Map<string, Promise<FaceAssets>>();
const baseOf = (assetsBase: string | undefined) => new URL(assetsBase ?? BUNDLE_BASE, location.href).href.replace(/\/$/, '');

/**
 * Downloads what face detection needs (the tasks-vision chunk, its wasm loader and runtime, the
 * model) once per page, reporting progress: the equipment check starts it, so the identity check
 * and the monitor find everything in memory or in the browser's cache (the files are served
 * immutable under the bundle's versioned URL). A failed download may be tried again.
 */
export function preloadFaceAssets(options: FaceAssetsOptions = {}): Promise<FaceAssets> {
  const base = baseOf(options.assetsBase);
  let preload = preloads.get(base);
  if (!preload) {
    preload = downloadFaceAssets(base, options.onProgress).catch((error: unknown) => {
      preloads.delete(base);
      throw error;
    });
    preloads.set(base, preload);
  } else if (options.onProgress) {
    const report = options.onProgress;
    void preload.then(
      () => report({ loaded: 1, total: 1 }),
      () => undefined,
    );
  }
  return preload;
}

async function downloadFaceAssets(base: string, onProgress?: (progress: FaceAssetsProgress) => void): Promise<FaceAssets> {
  const { FilesetResolver } = await import('@mediapipe/tasks-vision');
  const runtime = (await FilesetResolver.isSimdSupported()) ? 'vision_wasm_internal' : 'vision_wasm_nosimd_internal';
  const files = [`wasm/${runtime}.js`, `wasm/${runtime}.wasm`, FACE_MODEL_PATH];
  // The sizes come from the build's manifest: a compressed response does not tell the size of its content.
  const sizes: Record<string, number> = await fetch(`${base}/asset-manifest.json`)
    .then(async (r) => (r.ok ? ((await r.json()) as { bytes?: Record<string, number> }).bytes : undefined) ?? {})
    .catch(() => ({}));
  const loaded = files.map(() => 0);
  const total = files.reduce((sum, file) => sum + (sizes[file] ?? 0), 0);
  const report = () => onProgress?.({ loaded: loaded.reduce((a, b) => a + b, 0), total });
  report();
  const bodies = await Promise.all(
    files.map(async (file, i) => {
      const response = await fetch(`${base}/${file}`);
      if (!response.ok || !response.body) throw new Error(`${file}: ${response.status}`);
      const chunks: Uint8Array[] = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded[i]! += value.length;
        report();
      }
      const body = new Uint8Array(loaded[i]!);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.length;
      }
      return body;
    }),
  );
  return { model: bodies[2]! };
}

const engines = new Map<string, Promise<FaceEngine>>();

/**
 * The page's face detector, made once and shared (the equipment check makes it, the identity
 * check and the monitor then find it ready): @mediapipe/tasks-vision is loaded lazily (its code is
 * a separate chunk of the bundle), the runtime compiled and the short-range face detector built.
 * Nothing is fetched from anywhere but our own origin: the wasm loader and binary come from
 * {assetsBase}/wasm and the model from {assetsBase}/models, through preloadFaceAssets.
 */
export function loadFaceEngine(options: FaceEngineOptions = {}): Promise<FaceEngine> {
  const key = `${baseOf(options.assetsBase)} ${options.minConfidence ?? 0.5}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = createFaceEngine(options, () => engines.delete(key));
    engines.set(key, engine);
    void engine.catch(() => engines.delete(key));
  }
  return engine;
}

async function createFaceEngine(options: FaceEngineOptions, forget: () => void): Promise<FaceEngine> {
  const base = baseOf(options.assetsBase);
  const { model } = await preloadFaceAssets({ assetsBase: base });
  const { FaceDetector, FilesetResolver } = await import('@mediapipe/tasks-vision');
  const fileset = await FilesetResolver.forVisionTasks(`${base}/wasm`);
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: model.slice(), delegate: 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: options.minConfidence ?? 0.5,
  });
  return {
    detect(source) {
      const width = 'videoWidth' in source ? source.videoWidth : 'naturalWidth' in source ? source.naturalWidth : source.width;
      const height = 'videoHeight' in source ? source.videoHeight : 'naturalHeight' in source ? source.naturalHeight : source.height;
      const result = detector.detect(source);
      return result.detections.map((d) => {
        const box = d.boundingBox ?? { originX: 0, originY: 0, width: 0, height: 0 };
        return {
          score: d.categories[0]?.score ?? 0,
          box: { x: box.originX / width, y: box.originY / height, width: box.width / width, height: box.height / height },
          keypoints: d.keypoints.map((k) => ({ x: k.x, y: k.y })),
        };
      });
    },
    close() {
      forget();
      detector.close();
    },
  };
}
