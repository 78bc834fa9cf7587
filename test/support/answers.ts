import { itemTypePlugin } from '../../plugin/item-types/index.js';

/**
 * Answers as a candidate would, from what the browser shows (the candidate view), choosing by text, with the
 * answering rules each item type ships (`plugin.samples`). Only tests may read the key from the bank content.
 */
function rules(type: string) {
  const plugin = itemTypePlugin(type);
  if (!plugin) throw new Error(`no answering rule for ${type}: not an installed item type`);
  return plugin.samples;
}

/** The answer of a candidate who knows the key (full marks). */
export function correctResponse(type: string, content: unknown, view: unknown): unknown {
  return rules(type).correct(content, view as never);
}

/** A wrong but well-formed answer (no point). */
export function wrongResponse(type: string, content: unknown, view: unknown): unknown {
  return rules(type).wrong(content, view as never);
}
