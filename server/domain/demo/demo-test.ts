/**
 * The mini demo test of the candidate guide: one item of each of the seven types, a few minutes,
 * no proctoring, not graded. Its items are its own (content/demo), never the bank's, so the page
 * may say whether an answer is right and why. Nothing is stored: a check scores the response
 * with the item type's own scorer and forgets it.
 */
import type { Bilingual, Rng } from '../../../plugin/item-types/contract.js';
import type { AnyItemTypePlugin } from '../../../plugin/item-types/registry.js';
import { AppError } from '../../errors.js';

export interface DemoItem {
  id: string;
  type: string;
  timeLimitSeconds: number;
  instruction?: Partial<Bilingual> | undefined;
  explanation: Bilingual;
  content: unknown;
}

/** What the page gets for one item: the candidate view (no key: the answer comes with a check). */
export interface DemoItemView {
  id: string;
  type: string;
  timeLimitMs: number;
  instruction: Partial<Bilingual> | null;
  view: unknown;
  audio: boolean;
}

export interface DemoCheck {
  correct: boolean;
  points: number;
  maxPoints: number;
  explanation: Bilingual;
}

export class DemoTest {
  private readonly byId: Map<string, DemoItem>;

  constructor(
    readonly language: string,
    readonly items: readonly DemoItem[],
    private readonly plugin: (type: string) => AnyItemTypePlugin | undefined,
    /** The audio file of an item that plays one (absolute path). */
    private readonly audioPath: (file: string) => string,
  ) {
    this.byId = new Map(items.map((i) => [i.id, i]));
  }

  private typeOf(item: DemoItem): AnyItemTypePlugin {
    return this.plugin(item.type)!;
  }

  private item(id: string): DemoItem {
    const item = this.byId.get(id);
    if (!item) throw new AppError('demo:unknown-item', { id }, 404);
    return item;
  }

  /** Every item's candidate view, shuffled anew with `rng`. */
  views(rng: Rng): DemoItemView[] {
    return this.items.map((item) => {
      const type = this.typeOf(item);
      return {
        id: item.id,
        type: item.type,
        timeLimitMs: item.timeLimitSeconds * 1000,
        instruction: item.instruction ?? null,
        view: type.candidateView(item.content, rng),
        audio: type.audioFile?.(item.content) !== undefined,
      };
    });
  }

  /** Right or wrong, by the type's scorer (null: nothing answered); a malformed response is a 400. */
  check(itemId: string, response: unknown): DemoCheck {
    const item = this.item(itemId);
    const type = this.typeOf(item);
    // No answer at all (time ran out): scored as the real test scores it, the type's empty response.
    const parsed = response === null ? { success: true as const, data: type.emptyResponse(item.content) } : type.responseSchema.safeParse(response);
    if (!parsed.success) throw new AppError('demo:bad-response', {}, 400);
    const { points, maxPoints } = type.score(item.content, parsed.data);
    return { correct: points === maxPoints, points, maxPoints, explanation: item.explanation };
  }

  audioFile(itemId: string): string {
    const item = this.item(itemId);
    const file = this.typeOf(item).audioFile?.(item.content);
    if (!file) throw new AppError('demo:no-audio', {}, 404);
    return this.audioPath(file);
  }
}
