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

/**
 * Loads @mediapipe/tasks-vision lazily (its code is a separate chunk of the bundle) and the
 * short-range face detector. Nothing is fetched from anywhere but our own origin: the wasm
 * loader and binary come from {assetsBase}/wasm and the model from {assetsBase}/models.
 */
export async function loadFaceEngine(options: FaceEngineOptions = {}): Promise<FaceEngine> {
  const base = new URL(options.assetsBase ?? BUNDLE_BASE, location.href).href.replace(/\/$/, '');
  const { FaceDetector, FilesetResolver } = await import('@mediapipe/tasks-vision');
  const fileset = await FilesetResolver.forVisionTasks(`${base}/wasm`);
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${base}/${FACE_MODEL_PATH}`, delegate: 'CPU' },
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
      detector.close();
    },
  };
}
