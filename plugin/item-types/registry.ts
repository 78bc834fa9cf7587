import type { ItemTypePlugin } from './contract.js';

/**
 * The item-type registry: the one list of the item types Cadre knows. Everything that depends on the
 * set of types is derived from it: the bank's zod schemas (item-schema.ts), provisional IRT shapes
 * (provisional-irt.ts), the bank checker's checks, delivery's scoring and candidate views, and the
 * contract tests. Which plugins are registered is configuration: plugin/installed.ts (docs/plugins.md).
 */

/** A plugin of any type, as the registry holds them (content, response and view checked by the plugin's schemas). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyItemTypePlugin = ItemTypePlugin<any, any, { type: string }>;

/** Type ids are lower-case words joined by hyphens ("dropdown-gap", "true-false-not-given"). */
export const ITEM_TYPE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const registered = new Map<string, AnyItemTypePlugin>();

/**
 * Installs an item type. Registering the same plugin twice is harmless; a second, different plugin for a
 * type already taken is refused (two scorers for one type would make results depend on load order).
 */
export function registerItemType(plugin: AnyItemTypePlugin): void {
  if (!ITEM_TYPE_ID.test(plugin.type)) throw new Error(`item type id "${plugin.type}" must be lower-case words joined by hyphens`);
  const existing = registered.get(plugin.type);
  if (existing && existing !== plugin) throw new Error(`item type "${plugin.type}" is already registered by another plugin`);
  registered.set(plugin.type, plugin);
}

/** The plugin for a type id, or undefined when no installed plugin handles it. */
export function itemTypePlugin(type: string): AnyItemTypePlugin | undefined {
  return registered.get(type);
}

/** Every installed item type, in the order they were registered. */
export function itemTypePlugins(): readonly AnyItemTypePlugin[] {
  return [...registered.values()];
}
