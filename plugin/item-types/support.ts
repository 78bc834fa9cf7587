import type { z } from 'zod';
import type { Level, Rng } from './contract.js';

/** Helpers offered to item-type plugins (built-in or third-party). Pure functions, no I/O. */

/** Fisher–Yates shuffle into a new array, driven by the injected rng. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Shuffles elements whose correct order is the given one, trying a few times not to hand the correct order back
 * (a candidate must see the text mixed up, as the guide says). Equal elements are compared with `same`.
 */
export function shuffleAwayFromOrder<T>(items: readonly T[], rng: Rng, same: (a: T, b: T) => boolean = Object.is): T[] {
  let out = shuffle(items, rng);
  for (let attempt = 0; attempt < 8 && out.every((x, i) => same(x, items[i] as T)); attempt++) out = shuffle(items, rng);
  return out;
}

/** The blank numbers {1}, {2}, … written in a text, in reading order. */
export function placeholders(text: string): number[] {
  return [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
}

/** 32-bit FNV-1a hash, as 7 base-36 characters. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0');
}

/**
 * Opaque ids for elements to order or place: derived from each element's text and its rank among equal texts,
 * never from its position, so an id tells nothing about where the element belongs, yet the server can find it
 * again from the content alone (no per-sitting state). Equal texts get different ids but score the same.
 */
export function opaqueIds(texts: readonly string[], salt: string): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const rank = seen.get(text) ?? 0;
    seen.set(text, rank + 1);
    return `${salt}${fnv1a(`${salt}\u0000${text}\u0000${rank}`)}`;
  });
}

/** True when two ids of opaqueIds(texts) collide (astronomically rare; a bank checker reports it). */
export function idsCollide(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

/** Apostrophe-like characters candidates type or paste, all compared as a straight apostrophe. */
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032]/g;

/**
 * How typed answers are compared: Unicode NFC, case ignored, spaces trimmed and collapsed, curly and straight
 * apostrophes equal; accents ignored unless the item is accent-sensitive.
 */
export function normaliseTyped(text: string, accentSensitive: boolean): string {
  let s = text.normalize('NFC').replace(APOSTROPHES, "'").replace(/\s+/gu, ' ').trim().toLowerCase();
  if (!accentSensitive) s = s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  return s;
}

/** Number of words in a text (for reading-time estimates). */
export function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/** Longer time for harder levels: the same task asks more of a candidate at C1 than at A1. */
const LEVEL_FACTOR: Record<Level, number> = { A1: 1, A2: 1, B1: 1.1, B2: 1.2, C1: 1.3, C2: 1.4 };

/** A time limit in seconds from a base estimate: level factor, rounded up to 5 s, kept within 10–600 s. */
export function timeLimit(baseSeconds: number, level: Level): number {
  const s = Math.ceil((baseSeconds * LEVEL_FACTOR[level]) / 5) * 5;
  return Math.min(600, Math.max(10, s));
}

/** Schema problems of raw content as readable lines ("blanks.0.answer: …"). */
export function schemaProblems(schema: z.ZodType, content: unknown): string[] {
  const result = schema.safeParse(content);
  if (result.success) return [];
  return result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
}

/** Runs extra checks only on content that passed its schema (they may rely on its shape). */
export function authoringProblems<C>(schema: z.ZodType<C>, content: unknown, extra: (content: C) => string[]): string[] {
  const result = schema.safeParse(content);
  if (!result.success) return schemaProblems(schema, content);
  return extra(result.data);
}

/** An element to order, known to the browser by an opaque id. */
export interface IdentifiedText {
  id: string;
  text: string;
}

/** The elements after the given first one, with opaque ids, in their correct order. */
export function elementsToOrder(inOrder: readonly string[], salt: string): IdentifiedText[] {
  const rest = inOrder.slice(1);
  const ids = opaqueIds(rest, salt);
  return rest.map((text, i) => ({ id: ids[i] as string, text }));
}

/**
 * Points for an ordering: one per position (after the given first element) holding an element with the right text.
 * Equal texts are interchangeable; an unknown id or an id used twice earns nothing.
 */
export function scoreOrder(inOrder: readonly string[], salt: string, order: readonly (string | null)[]): { points: number; maxPoints: number } {
  const elements = elementsToOrder(inOrder, salt);
  const textById = new Map(elements.map((e) => [e.id, e.text]));
  const used = new Set<string>();
  let points = 0;
  elements.forEach((expected, i) => {
    const id = order[i];
    if (id == null || used.has(id)) return;
    used.add(id);
    if (textById.get(id) === expected.text) points++;
  });
  return { points, maxPoints: elements.length };
}
