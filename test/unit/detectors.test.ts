import { describe, expect, it } from 'vitest';
import { clipboardDetector } from '../../plugin/detectors/clipboard/index.js';
import type { FaceObservation, Signal } from '../../plugin/detectors/detector.js';
import { faceDetector, noseBetweenEars } from '../../plugin/detectors/face/index.js';
import { fullscreenDetector } from '../../plugin/detectors/fullscreen/index.js';
import { pageFocusDetector } from '../../plugin/detectors/page-focus/index.js';
import { voiceDetector } from '../../plugin/detectors/voice/index.js';

const s = (seconds: number) => 1_000_000 + seconds * 1000;
const face = (noseX = 0.5): FaceObservation => ({
  score: 0.9,
  box: { x: 0.3, y: 0.2, width: 0.4, height: 0.5 },
  keypoints: [
    { x: 0.4, y: 0.4 },
    { x: 0.6, y: 0.4 },
    { x: noseX, y: 0.5 },
    { x: 0.5, y: 0.6 },
    { x: 0.3, y: 0.45 },
    { x: 0.7, y: 0.45 },
  ],
});
const feed = (d: { handle(s: Signal): unknown[] }, signals: Signal[]) => signals.flatMap((x) => d.handle(x));
const samples = (from: number, to: number, faces: () => FaceObservation[]): Signal[] => {
  const out: Signal[] = [];
  for (let t = from; t <= to; t += 0.5) out.push({ kind: 'faces', at: s(t), faces: faces() });
  return out;
};

describe('face detector', () => {
  it('raises face.none once nobody has been in front of the camera for 5 s, dated from when they left', () => {
    const d = faceDetector.create();
    expect(
      feed(
        d,
        samples(0, 3, () => [face()]),
      ),
    ).toEqual([]);
    expect(
      feed(
        d,
        samples(3.5, 8, () => []),
      ),
    ).toEqual([]);
    expect(feed(d, [{ kind: 'tick', at: s(8.5) }])).toEqual([{ kind: 'start', type: 'face.none', at: s(3.5), severity: 'medium' }]);
    expect(
      feed(
        d,
        samples(9, 9, () => [face()]),
      ),
    ).toEqual([{ kind: 'end', type: 'face.none', at: s(9) }]);
  });

  it('ignores a face missing for a moment (a blink of the detector)', () => {
    const d = faceDetector.create();
    expect(feed(d, [...samples(0, 2, () => []), ...samples(2.5, 10, () => [face()])])).toEqual([]);
  });

  it('raises face.multiple (high) when a second person is seen twice in a row', () => {
    const d = faceDetector.create();
    expect(
      feed(
        d,
        samples(0, 1, () => [face(), face()]),
      ),
    ).toEqual([{ kind: 'start', type: 'face.multiple', at: s(0), severity: 'high', details: { faces: 2 } }]);
  });

  it('raises face.turned-away from the keypoints after 4 s, not for a glance', () => {
    expect(noseBetweenEars(face(0.5))).toBeCloseTo(0.5);
    const d = faceDetector.create();
    expect(
      feed(
        d,
        samples(0, 2, () => [face(0.68)]),
      ),
    ).toEqual([]);
    expect(
      feed(
        d,
        samples(2.5, 10, () => [face()]),
      ),
    ).toEqual([]);
    expect(
      feed(
        d,
        samples(11, 15, () => [face(0.68)]),
      ),
    ).toEqual([{ kind: 'start', type: 'face.turned-away', at: s(11), severity: 'low' }]);
  });

  it('turns a lost camera into camera.lost and ends the face events it can no longer judge', () => {
    const d = faceDetector.create();
    feed(
      d,
      samples(0, 1, () => [face(), face()]),
    );
    expect(feed(d, [{ kind: 'camera', at: s(2), live: false }])).toEqual([
      { kind: 'end', type: 'face.multiple', at: s(2) },
      { kind: 'start', type: 'camera.lost', at: s(2), severity: 'medium' },
    ]);
    expect(feed(d, [...samples(3, 20, () => []), { kind: 'camera', at: s(21), live: true }])).toEqual([{ kind: 'end', type: 'camera.lost', at: s(21) }]);
  });
});

describe('page, fullscreen, clipboard and voice detectors', () => {
  it('raises page.hidden after a second, and window.blurred only after 2 s and never on top of page.hidden', () => {
    const d = pageFocusDetector.create();
    expect(
      feed(d, [
        { kind: 'focus', at: s(0), focused: false },
        { kind: 'visibility', at: s(0.1), hidden: true },
        { kind: 'tick', at: s(5) },
      ]),
    ).toEqual([{ kind: 'start', type: 'page.hidden', at: s(0.1), severity: 'medium' }]);
    expect(
      feed(d, [
        { kind: 'visibility', at: s(6), hidden: false },
        { kind: 'focus', at: s(6), focused: true },
      ]),
    ).toEqual([{ kind: 'end', type: 'page.hidden', at: s(6) }]);
    expect(
      feed(d, [
        { kind: 'focus', at: s(10), focused: false },
        { kind: 'tick', at: s(11) },
      ]),
    ).toEqual([]);
    expect(feed(d, [{ kind: 'tick', at: s(12) }])).toEqual([{ kind: 'start', type: 'window.blurred', at: s(10), severity: 'low' }]);
  });

  it('takes a reload for page.reloaded (low) over the real time away, not for a hidden page', () => {
    const d = pageFocusDetector.create();
    // F5: the page turns hidden a moment before it goes; the next page starts 40 s later.
    expect(
      feed(d, [
        { kind: 'visibility', at: s(0), hidden: true },
        { kind: 'tick', at: s(0.2) },
      ]),
    ).toEqual([]);
    // The page goes: the monitor flushes the detectors, and nothing was raised.
    expect(d.flush(s(0.3))).toEqual([]);
    const next = pageFocusDetector.create();
    expect(feed(next, [{ kind: 'page-returned', at: s(40.3), leftAt: s(0.3) }])).toEqual([
      { kind: 'start', type: 'page.reloaded', at: s(0.3), severity: 'low', details: { secondsAway: 40 } },
      { kind: 'end', type: 'page.reloaded', at: s(40.3) },
    ]);
    // A page hidden for real (another tab) before the reload: its event ends when the page goes.
    expect(
      feed(d, [
        { kind: 'visibility', at: s(50), hidden: true },
        { kind: 'tick', at: s(55) },
      ]),
    ).toEqual([{ kind: 'start', type: 'page.hidden', at: s(50), severity: 'medium' }]);
    expect(d.flush(s(56))).toEqual([{ kind: 'end', type: 'page.hidden', at: s(56) }]);
  });

  it('raises fullscreen.left when the candidate leaves fullscreen, not when the browser never entered it', () => {
    expect(feed(fullscreenDetector.create(), [{ kind: 'fullscreen', at: s(0), active: false }])).toEqual([]);
    const d = fullscreenDetector.create();
    expect(
      feed(d, [
        { kind: 'fullscreen', at: s(0), active: true },
        { kind: 'fullscreen', at: s(10), active: false },
        { kind: 'fullscreen', at: s(14), active: true },
      ]),
    ).toEqual([
      { kind: 'start', type: 'fullscreen.left', at: s(10), severity: 'low' },
      { kind: 'end', type: 'fullscreen.left', at: s(14) },
    ]);
  });

  it('groups pastes a few seconds apart into one clipboard.paste event', () => {
    const d = clipboardDetector.create();
    expect(
      feed(d, [
        { kind: 'clipboard', at: s(0), action: 'paste' },
        { kind: 'clipboard', at: s(2), action: 'paste' },
        { kind: 'tick', at: s(6) },
        { kind: 'tick', at: s(7) },
        { kind: 'clipboard', at: s(8), action: 'cut' },
      ]),
    ).toEqual([
      { kind: 'start', type: 'clipboard.paste', at: s(0), severity: 'medium' },
      { kind: 'end', type: 'clipboard.paste', at: s(2) },
      { kind: 'start', type: 'clipboard.copy', at: s(8), severity: 'low' },
    ]);
  });

  it('is off by default for voice, and never listens during a listening item', () => {
    expect(voiceDetector.enabledByDefault).toBe(false);
    const d = voiceDetector.create();
    const loud = (from: number, to: number): Signal[] =>
      Array.from({ length: (to - from) * 4 + 1 }, (_, i) => ({ kind: 'audio', at: s(from + i / 4), level: 0.3 }));
    expect(feed(d, [{ kind: 'listening', at: s(0), active: true }, ...loud(0, 10)])).toEqual([]);
    expect(feed(d, [{ kind: 'listening', at: s(10), active: false }, ...loud(11, 14)])).toEqual([
      { kind: 'start', type: 'voice.detected', at: s(11), severity: 'low' },
    ]);
  });
});
