import { clipboardDetector } from './clipboard/index.js';
import type { AnyDetectorPlugin } from './registry.js';
import { faceDetector } from './face/index.js';
import { fullscreenDetector } from './fullscreen/index.js';
import { pageFocusDetector } from './page-focus/index.js';
import { voiceDetector } from './voice/index.js';

/** The built-in detectors, written as third-party plugins would be. */
export const builtinDetectors: readonly AnyDetectorPlugin[] = [faceDetector, pageFocusDetector, fullscreenDetector, clipboardDetector, voiceDetector];
