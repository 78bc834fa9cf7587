import { describe, expect, it } from 'vitest';
import { builtinDetectors } from '../../plugin/detectors/builtin.js';
import { detectorEventType, detectorPlugins, registerDetector } from '../../plugin/detectors/index.js';
import { fullscreenDetector } from '../../plugin/detectors/fullscreen/index.js';
import { runDetectorContract } from './detector-contract.js';

// Every installed detector (plugin/detectors/installed.ts) owes the contract.
for (const detector of detectorPlugins()) runDetectorContract(detector);

describe('detector registry', () => {
  it('holds the built-in detectors, each once, and knows the severity of each of their event types', () => {
    expect(detectorPlugins().map((d) => d.id)).toEqual(builtinDetectors.map((d) => d.id));
    for (const d of builtinDetectors) for (const e of d.eventTypes) expect(detectorEventType(e.type)).toBe(e);
    expect(detectorEventType('gaze.away')).toBeUndefined();
  });

  it('refuses a second detector with a taken id, or one declaring an event type another detector raises', () => {
    expect(() => registerDetector(fullscreenDetector)).not.toThrow();
    expect(() => registerDetector({ ...fullscreenDetector })).toThrow(/already registered/);
    expect(() => registerDetector({ ...fullscreenDetector, id: 'kiosk' })).toThrow(/"fullscreen.left" .* already declared by detector "fullscreen"/);
    expect(() => registerDetector({ ...fullscreenDetector, id: 'Kiosk Mode' })).toThrow(/lower-case/);
    expect(detectorPlugins().map((d) => d.id)).toEqual(builtinDetectors.map((d) => d.id));
  });
});
