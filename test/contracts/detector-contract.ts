import { describe, expect, it } from 'vitest';
import { SEVERITIES, type DetectorOutput, type DetectorPlugin, type FaceObservation, type Signal } from '../../plugin/detectors/detector.js';

const t0 = Date.parse('2026-03-02T08:00:00Z');

/** A small deterministic generator (mulberry32) so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const face = (noseX: number): FaceObservation => ({
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

/** A long random sitting: every kind of signal, in time order, half a second apart on average. */
export function randomSignals(seed: number, count = 2000): Signal[] {
  const r = random(seed);
  const out: Signal[] = [];
  let at = t0;
  for (let i = 0; i < count; i++) {
    at += Math.floor(r() * 1000);
    const k = Math.floor(r() * 10);
    const flag = r() < 0.5;
    switch (k) {
      case 0:
        out.push({ kind: 'faces', at, faces: Array.from({ length: Math.floor(r() * 3.5) }, () => face(0.3 + r() * 0.4)) });
        break;
      case 1:
        out.push({ kind: 'camera', at, live: r() < 0.8 });
        break;
      case 2:
        out.push({ kind: 'visibility', at, hidden: flag });
        break;
      case 3:
        out.push({ kind: 'focus', at, focused: flag });
        break;
      case 4:
        out.push({ kind: 'fullscreen', at, active: flag });
        break;
      case 5:
        out.push({ kind: 'clipboard', at, action: (['copy', 'cut', 'paste'] as const)[Math.floor(r() * 3)]! });
        break;
      case 6:
        out.push({ kind: 'audio', at, level: r() * 0.2 });
        break;
      case 7:
        out.push({ kind: 'listening', at, active: r() < 0.3 });
        break;
      case 8:
        out.push({ kind: 'page-returned', at, leftAt: at - Math.floor(r() * 5000) });
        break;
      default:
        out.push({ kind: 'tick', at });
    }
  }
  return out;
}

function run(plugin: DetectorPlugin<object>, signals: Signal[]): { outputs: DetectorOutput[]; atOf: number[] } {
  const d = plugin.create();
  const outputs: DetectorOutput[] = [];
  const atOf: number[] = [];
  for (const s of signals) {
    for (const o of d.handle(s)) {
      outputs.push(o);
      atOf.push(s.at);
    }
  }
  const last = signals.at(-1)?.at ?? t0;
  for (const o of d.flush(last + 1000)) {
    outputs.push(o);
    atOf.push(last + 1000);
  }
  return { outputs, atOf };
}

/**
 * What every proctoring detector must do, built-in or third-party (DESIGN.md, "Contract suites").
 * The checks are about the events a reviewer will read: declared types, valid severities, every
 * event ended, no event in the future, and the same observations always giving the same events.
 */
export function runDetectorContract(plugin: DetectorPlugin<object>): void {
  describe(`detector contract: ${plugin.id}`, () => {
    const declared = new Map(plugin.eventTypes.map((e) => [e.type, e]));

    it('declares itself completely', () => {
      expect(plugin.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(plugin.eventTypes.length).toBeGreaterThan(0);
      expect(plugin.listensTo.length).toBeGreaterThan(0);
      for (const e of plugin.eventTypes) {
        expect(e.type).toMatch(/^[a-z]+\.[a-z-]+$/);
        expect(SEVERITIES).toContain(e.severity);
      }
      expect(typeof plugin.enabledByDefault).toBe('boolean');
      expect(typeof plugin.usesCamera).toBe('boolean');
    });

    for (const seed of [1, 2, 3, 42]) {
      it(`on a random sitting (seed ${seed}) raises only declared events, each ended once, in order, never in the future`, () => {
        const signals = randomSignals(seed);
        const { outputs, atOf } = run(plugin, signals);
        const open = new Map<string, number>();
        outputs.forEach((o, i) => {
          expect(declared.has(o.type), `undeclared event type ${o.type}`).toBe(true);
          expect(o.at).toBeLessThanOrEqual(atOf[i]!);
          if (o.kind === 'start') {
            expect(open.has(o.type), `${o.type} started twice without an end`).toBe(false);
            expect(o.severity).toBe(declared.get(o.type)!.severity);
            open.set(o.type, o.at);
          } else {
            expect(open.has(o.type), `${o.type} ended without a start`).toBe(true);
            expect(o.at).toBeGreaterThanOrEqual(open.get(o.type)!);
            open.delete(o.type);
          }
        });
        expect([...open.keys()], 'events left open after flush').toEqual([]);
      });
    }

    it('gives the same events for the same observations', () => {
      const signals = randomSignals(7, 800);
      expect(run(plugin, signals).outputs).toEqual(run(plugin, signals).outputs);
    });

    it('ignores signals it does not listen to', () => {
      const others = randomSignals(9, 800).filter((s) => !plugin.listensTo.includes(s.kind));
      expect(run(plugin, others).outputs).toEqual([]);
    });

    it('raises nothing on a quiet sitting: one face, visible page, focus, fullscreen, silence', () => {
      const d = plugin.create();
      const quiet: Signal[] = [
        { kind: 'camera', at: t0, live: true },
        { kind: 'fullscreen', at: t0, active: true },
        { kind: 'visibility', at: t0, hidden: false },
        { kind: 'focus', at: t0, focused: true },
      ];
      for (let i = 1; i <= 240; i++) {
        quiet.push(
          { kind: 'faces', at: t0 + i * 500, faces: [face(0.5)] },
          { kind: 'audio', at: t0 + i * 500, level: 0.01 },
          { kind: 'tick', at: t0 + i * 500 },
        );
      }
      expect(quiet.flatMap((s) => d.handle(s))).toEqual([]);
      expect(d.flush(t0 + 200_000)).toEqual([]);
    });
  });
}
