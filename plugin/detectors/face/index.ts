import { SustainedCondition, type DetectorOutput, type DetectorPlugin, type FaceObservation } from '../detector.js';

export interface FaceDetectorOptions {
  /** No face for longer than this raises face.none. */
  noFaceSeconds: number;
  /** Several faces for at least this long raise face.multiple (two samples at 2 Hz). */
  multipleFacesSeconds: number;
  /** A face turned away for longer than this raises face.turned-away. */
  turnedAwaySeconds: number;
  /**
   * How far the nose may sit from the middle of the ears before the head counts as turned away,
   * as a fraction of the ear-to-ear distance (0.5 = facing the camera; 0.25 allows about ±45°).
   */
  turnedAwayMargin: number;
}

const RIGHT_EAR = 4;
const LEFT_EAR = 5;
const NOSE = 2;

/**
 * Coarse head yaw from BlazeFace's keypoints: where the nose sits between the two ears, 0 at one
 * ear, 1 at the other, about 0.5 when the face is turned to the camera. Undefined without keypoints.
 */
export function noseBetweenEars(face: FaceObservation): number | undefined {
  const right = face.keypoints[RIGHT_EAR];
  const left = face.keypoints[LEFT_EAR];
  const nose = face.keypoints[NOSE];
  if (!right || !left || !nose) return undefined;
  const span = left.x - right.x;
  if (Math.abs(span) < 1e-6) return 0;
  return (nose.x - right.x) / span;
}

export function isTurnedAway(face: FaceObservation, margin: number): boolean {
  const position = noseBetweenEars(face);
  return position !== undefined && Math.abs(position - 0.5) > margin;
}

/**
 * The camera detector: nobody in front of the camera, several people, a face turned away, the
 * camera lost. Works on the faces the monitor finds in a downscaled frame about twice a second.
 */
export const faceDetector: DetectorPlugin<FaceDetectorOptions> = {
  id: 'face',
  listensTo: ['faces', 'camera', 'tick'],
  eventTypes: [
    { type: 'face.none', severity: 'medium', snapshot: true },
    { type: 'face.multiple', severity: 'high', snapshot: true },
    { type: 'face.turned-away', severity: 'low', snapshot: true },
    { type: 'camera.lost', severity: 'medium', snapshot: false },
  ],
  enabledByDefault: true,
  usesCamera: true,
  defaultOptions: { noFaceSeconds: 5, multipleFacesSeconds: 1, turnedAwaySeconds: 4, turnedAwayMargin: 0.25 },
  create(partial = {}) {
    const o = { ...faceDetector.defaultOptions, ...partial };
    const none = new SustainedCondition('face.none', 'medium', o.noFaceSeconds * 1000);
    const multiple = new SustainedCondition('face.multiple', 'high', o.multipleFacesSeconds * 1000);
    const turned = new SustainedCondition('face.turned-away', 'low', o.turnedAwaySeconds * 1000);
    const lost = new SustainedCondition('camera.lost', 'medium', 0);
    const faceConditions = [none, multiple, turned];
    return {
      handle(signal): DetectorOutput[] {
        switch (signal.kind) {
          case 'faces': {
            if (lost.active) return [];
            const n = signal.faces.length;
            return [
              ...none.update(n === 0, signal.at),
              ...multiple.update(n > 1, signal.at, { faces: n }),
              ...turned.update(n === 1 && isTurnedAway(signal.faces[0]!, o.turnedAwayMargin), signal.at),
            ];
          }
          case 'camera':
            if (signal.live) return lost.update(false, signal.at);
            // Without a camera nothing can be said about faces: those events end, camera.lost starts.
            return [...faceConditions.flatMap((c) => c.end(signal.at)), ...lost.update(true, signal.at)];
          case 'tick':
            return lost.active ? [] : faceConditions.flatMap((c) => c.tick(signal.at));
          default:
            return [];
        }
      },
      flush(at) {
        return [...faceConditions, lost].flatMap((c) => c.end(at));
      },
    };
  },
};
