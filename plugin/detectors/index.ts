import { clipboardDetector } from './clipboard/index.js';
import type { DetectorPlugin, EventTypeInfo } from './detector.js';
import { faceDetector } from './face/index.js';
import { fullscreenDetector } from './fullscreen/index.js';
import { pageFocusDetector } from './page-focus/index.js';
import { voiceDetector } from './voice/index.js';

export * from './detector.js';

/** The built-in detectors, written as third-party plugins would be. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtinDetectors: readonly DetectorPlugin<any>[] = [faceDetector, pageFocusDetector, fullscreenDetector, clipboardDetector, voiceDetector];

/** Every event type a built-in detector can raise, by type: the server takes severities from here, not from the browser. */
export const eventTypes: ReadonlyMap<string, EventTypeInfo> = new Map(builtinDetectors.flatMap((d) => d.eventTypes.map((e) => [e.type, e] as const)));
