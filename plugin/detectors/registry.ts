import type { DetectorPlugin, EventTypeInfo } from './detector.js';

/**
 * The proctoring detector registry: the one list of the detectors Cadre runs. The browser's monitor
 * runs the registered detectors; the server takes every event's severity from their declarations and
 * refuses event types no registered detector declares; the contract tests check each one. Which
 * detectors are registered is configuration: plugin/detectors/installed.ts (docs/plugins.md).
 * No DOM, no Node API: both the server and the browser bundle import it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDetectorPlugin = DetectorPlugin<any>;

/** Detector ids and event type prefixes are lower-case words joined by hyphens ("page-focus"). */
export const DETECTOR_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const registered = new Map<string, AnyDetectorPlugin>();
const eventTypes = new Map<string, { detector: string; info: EventTypeInfo }>();

/**
 * Installs a detector. Registering the same plugin twice is harmless; another plugin with a taken id, or
 * declaring an event type another detector already declares, is refused (the severity would be ambiguous).
 */
export function registerDetector(plugin: AnyDetectorPlugin): void {
  if (!DETECTOR_ID.test(plugin.id)) throw new Error(`detector id "${plugin.id}" must be lower-case words joined by hyphens`);
  const existing = registered.get(plugin.id);
  if (existing === plugin) return;
  if (existing) throw new Error(`detector "${plugin.id}" is already registered by another plugin`);
  for (const e of plugin.eventTypes) {
    const owner = eventTypes.get(e.type);
    if (owner) throw new Error(`event type "${e.type}" of detector "${plugin.id}" is already declared by detector "${owner.detector}"`);
  }
  registered.set(plugin.id, plugin);
  for (const info of plugin.eventTypes) eventTypes.set(info.type, { detector: plugin.id, info });
}

/** Every installed detector, in the order they were registered. */
export function detectorPlugins(): readonly AnyDetectorPlugin[] {
  return [...registered.values()];
}

/** The declaration of an event type (its severity, whether it wants a snapshot), or undefined when no installed detector raises it. */
export function detectorEventType(type: string): EventTypeInfo | undefined {
  return eventTypes.get(type)?.info;
}
