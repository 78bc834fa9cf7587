/**
 * The installed proctoring detectors: configuration, read by the server (severities) and built into the
 * browser bundle (the monitor runs them). To install a third-party detector, import it here and register
 * it with one call; nothing else changes (docs/plugins.md).
 */
import { builtinDetectors } from './builtin.js';
import { registerDetector } from './registry.js';

for (const detector of builtinDetectors) registerDetector(detector);

// Third-party detectors, one call each, e.g.:
// import { gazeDetector } from '@acme/cadre-gaze-detector';
// registerDetector(gazeDetector);
