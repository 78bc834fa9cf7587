import { itemTypePlugin } from '../../plugin/item-types/index.js';
import type { ItemTypeSample } from '../../plugin/item-types/samples.js';

/**
 * The sample items of the installed item types: each plugin ships its own (`plugin.samples`, the candidate
 * guide's examples for the built-in types), so a third-party type brings its samples with it.
 */
export type { ItemTypeSample };

/** The first (or the labelled) sample item of an installed type. */
export function sampleOf(type: string, label?: string): ItemTypeSample<never, unknown, never> {
  const plugin = itemTypePlugin(type);
  if (!plugin) throw new Error(`no installed item type "${type}"`);
  const sample = label === undefined ? plugin.samples.items[0] : plugin.samples.items.find((s) => s.label === label);
  if (!sample) throw new Error(`item type "${type}" has no sample "${label}"`);
  return sample as ItemTypeSample<never, unknown, never>;
}
