import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AnswerChangeDetail, Bilingual } from '../../../plugin/item-types/contract.js';
import { CadreElement } from '../../shared/cadre-element.js';

/** The event every item renderer fires on each change; the exam shell listens for it. */
export type AnswerChangeEvent<R = unknown> = CustomEvent<AnswerChangeDetail<R>>;

declare global {
  interface HTMLElementEventMap {
    'cadre-answer-change': AnswerChangeEvent;
  }
}

/**
 * What the seven item renderers share on top of CadreElement (language, `t()`, `emit()`): the candidate
 * view as a property, an optional response to resume from, the instruction (the type's default in the
 * page's language, or the item's own), a polite live region for announcements, and the typed
 * `cadre-answer-change` event (each renderer documents its response with `@fires`).
 */
export abstract class ItemElement<V, R> extends CadreElement {
  /** The candidate view sent by the server (never holds a key). */
  @property({ attribute: false }) view: V | undefined;
  /** A response to start from (resuming an item after a reload); read when set, not kept in sync. */
  @property({ attribute: false }) response: R | undefined;
  /** The item's own instruction, overriding the type's default; lines separated by "\n". */
  @property() instruction: string | undefined;
  /** Hides the instruction (a renderer nested in another, e.g. the listening task). */
  @property({ type: Boolean, attribute: 'hide-instruction' }) hideInstruction = false;
  /** Language of the item text (e.g. "en" for an English test taken with French instructions). */
  @property({ attribute: 'content-lang' }) contentLang: string | undefined;
  @state() protected announcement = '';

  /** The response as it stands (what the shell submits when time runs out). */
  abstract get value(): R;
  /** Whether every part is answered (the shell enables its validate button then). */
  abstract get complete(): boolean;
  /** The type's default instruction. */
  protected abstract get defaultInstruction(): Bilingual;
  /** Sets the internal state from the view and a response (valid for that view) or an empty one. */
  protected abstract reset(view: V, response: R | undefined): void;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('view') || changed.has('response')) && this.view) this.reset(this.view, this.response);
  }

  /** Tells screen readers what just happened (twice the same message is still announced). */
  protected announce(message: string): void {
    this.announcement = this.announcement === message ? `${message}\u00a0` : message;
  }

  /** Fires cadre-answer-change with the response as it stands. */
  protected emitChange(): void {
    this.emit('cadre-answer-change', { response: this.value, complete: this.complete });
  }

  protected renderInstruction(extra: string[] = []): TemplateResult | typeof nothing {
    if (this.hideInstruction) return nothing;
    const lines = [...(this.instruction ?? this.defaultInstruction[this.locale]).split('\n'), ...extra].filter((l) => l.trim());
    return html`<div part="instruction" class="instruction">
      ${lines.map((line, i) => html`<p class=${i === 0 ? 'lead' : ''}>${line}</p>`)}
    </div>`;
  }

  protected renderLive(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  /** Item text in its own language when known. */
  protected get textLang(): string | typeof nothing {
    return this.contentLang || nothing;
  }
}

/** Splits a text with {n} placeholders into text pieces and blank indexes (0-based). */
export function splitBlanks(text: string): (string | number)[] {
  return text
    .split(/\{(\d+)\}/)
    .map((part, i) => (i % 2 === 1 ? Number(part) - 1 : part))
    .filter((p) => p !== '');
}

/** Arrow keys, Home and End move the focus among the buttons of a group (Tab still visits each one). */
export function arrowNavigation(event: KeyboardEvent): void {
  const keys = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const group = event.currentTarget as HTMLElement;
  const buttons = [...group.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
  const from = buttons.indexOf(event.target as HTMLButtonElement);
  if (from < 0 || buttons.length === 0) return;
  const last = buttons.length - 1;
  const to =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? last
        : event.key === 'ArrowRight' || event.key === 'ArrowDown'
          ? Math.min(last, from + 1)
          : Math.max(0, from - 1);
  event.preventDefault();
  buttons[to]?.focus();
}
