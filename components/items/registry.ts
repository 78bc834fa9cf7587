/**
 * The item renderer registry (browser side of the item-type registry, plugin/item-types/registry.ts): which
 * custom element shows the candidate view of each item type. `cadre-exam` creates the element registered for
 * the item's type; a type with no renderer installed cannot be shown. Renderers are installed in
 * components/items/installed.ts (docs/plugins.md).
 */

/** What an item type's renderer module registers: the type it shows, its tag, and its element class. */
export interface ItemRenderer {
  /** The item type id, as in the bank and the candidate view ("dropdown-gap"). */
  type: string;
  /** A custom element name: "cadre-item-<type>" for the built-in types, a prefix of one's own for third-party ones. */
  tag: string;
  /** The element (usually an ItemElement subclass from ./shared/item-element.js). */
  element: CustomElementConstructor;
}

/** A valid custom element name: lower case, starts with a letter, holds a hyphen. */
const TAG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

const tags = new Map<string, string>();

/** Installs the renderer of an item type and defines its element (once; a page may load the bundle twice). */
export function registerItemRenderer(renderer: ItemRenderer): void {
  if (!TAG.test(renderer.tag)) throw new Error(`"${renderer.tag}" is not a valid custom element name`);
  const taken = tags.get(renderer.type);
  if (taken && taken !== renderer.tag) throw new Error(`item type "${renderer.type}" already has a renderer (${taken})`);
  tags.set(renderer.type, renderer.tag);
  const registry = globalThis.customElements;
  if (registry && !registry.get(renderer.tag)) registry.define(renderer.tag, renderer.element);
}

/** The tag of the element that shows an item type, or undefined when no renderer is installed for it. */
export function itemRendererTag(type: string): string | undefined {
  return tags.get(type);
}
