import type { Level } from './contract.js';

/**
 * Sample items and answering rules every item-type plugin ships (`plugin.samples`): the contract suite
 * (test/contracts/item-type-contract.ts) runs on them, the browser tests mount them, and the end-to-end tests
 * answer whole sittings with the answering rules. Responses are built from the candidate view, as a candidate
 * would: by text.
 */
export interface ItemTypeSample<C = never, R = unknown, V = never> {
  /** Names the sample when a type has several (e.g. listening with a choice or a gap fill). */
  label?: string;
  /** Raw content as written in a bank. */
  content: unknown;
  level: Level;
  /** The fully correct response, when it should differ from the type's rule (e.g. typed with odd capitals). */
  correct?(content: C, view: V): R;
  /** A response that earns some points but not all (types scored in points only). */
  partial?(content: C, view: V): R;
  /** Responses responseSchema must refuse. */
  invalidResponses: unknown[];
  /** Raw content a bank checker must report. */
  broken: unknown;
  /** Strings that must never appear anywhere in a candidate view. */
  secrets(content: C): string[];
  /** Whether the view shuffles something (so two seeds may give two different views). */
  shuffles: boolean;
  /** Where the view shows the (first) right element; it must vary with the seed, so a position gives nothing away. */
  answerPosition?(content: C, view: V): number;
}

export interface ItemTypeSamples<C = never, R = unknown, V = never> {
  /** The answer of a candidate who knows the key, for any content of the type (full marks). */
  correct(content: C, view: V): R;
  /** A well-formed answer that earns nothing, for any content of the type. */
  wrong(content: C, view: V): R;
  /** At least one sample item (one per shape of the type's content). */
  items: readonly [ItemTypeSample<C, R, V>, ...ItemTypeSample<C, R, V>[]];
}

/** Ids of the view's elements, in the correct order of the texts (equal texts matched once each). */
export function idsInOrder(texts: readonly string[], elements: readonly { id: string; text: string }[]): string[] {
  const left = [...elements];
  return texts.map((text) => {
    const i = left.findIndex((e) => e.text === text);
    if (i < 0) throw new Error(`"${text}" is not offered by the view`);
    return (left.splice(i, 1)[0] as { id: string }).id;
  });
}

/** Swaps the last two entries: two elements out of place. */
export const swapLastTwo = <T>(xs: T[]): T[] => [...xs.slice(0, -2), xs[xs.length - 1] as T, xs[xs.length - 2] as T];
