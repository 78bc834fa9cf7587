// The detectors' public surface: the contract, and the registry with the installed detectors in it.
import './installed.js';

export * from './detector.js';
export { detectorEventType, detectorPlugins, registerDetector, type AnyDetectorPlugin } from './registry.js';
