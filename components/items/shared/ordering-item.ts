import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { OrderElement, OrderResponse } from '../../../plugin/item-types/mixed-text/view.js';
import { ItemElement, arrowNavigation } from './item-element.js';

type Group = 'pool' | 'slots';

/**
 * Click-to-place ordering (mixed-order text, out-of-order sentence): click an element to place it in the
 * selected position or else the next free one; click a placed element to remove it. Never drag and drop.
 */
export abstract class OrderingItem<V extends { first: string }> extends ItemElement<V, OrderResponse> {
  /** Element id in each position after the given first one; null when empty. */
  @state() protected slots: (string | null)[] = [];
  /** An empty position the candidate chose for the next element. */
  @state() protected selectedSlot: number | null = null;
  /** Roving tab stop: each group is one Tab stop; arrow keys move within it. */
  @state() private active: Record<Group, number> = { pool: 0, slots: 0 };

  protected abstract elements(view: V): OrderElement[];
  /** 'sentence' lays out a column of sentences, 'word' a line of words. */
  protected abstract readonly variant: 'sentence' | 'word';

  get value(): OrderResponse {
    return { order: [...this.slots] };
  }
  get complete(): boolean {
    return this.slots.length > 0 && this.slots.every((s) => s !== null);
  }

  protected reset(view: V, response: OrderResponse | undefined): void {
    const ids = new Set(this.elements(view).map((e) => e.id));
    const used = new Set<string>();
    this.slots = this.elements(view).map((_, i) => {
      const id = response?.order[i];
      if (id == null || !ids.has(id) || used.has(id)) return null;
      used.add(id);
      return id;
    });
    this.selectedSlot = null;
  }

  private text(id: string): string {
    return this.view ? (this.elements(this.view).find((e) => e.id === id)?.text ?? '') : '';
  }

  private get pool(): OrderElement[] {
    return this.view ? this.elements(this.view).filter((e) => !this.slots.includes(e.id)) : [];
  }

  private async place(element: OrderElement, poolIndex: number): Promise<void> {
    const target = this.selectedSlot ?? this.slots.indexOf(null);
    if (target < 0) return;
    this.slots = this.slots.map((s, i) => (i === target ? element.id : s));
    this.selectedSlot = null;
    const remaining = this.pool.length;
    this.announce(`${this.t('item:placed', { text: element.text, n: target + 2 })}${remaining === 0 ? ` ${this.t('item:all-placed')}` : ''}`);
    this.emitChange();
    await this.updateComplete;
    // Keep the keyboard where it was: the next element to place, or the answer once everything is placed.
    if (remaining > 0) await this.focusIn('pool', Math.min(poolIndex, remaining - 1));
    else await this.focusIn('slots', target);
  }

  private slotClicked(index: number): void {
    const id = this.slots[index];
    if (id != null) {
      this.slots = this.slots.map((s, i) => (i === index ? null : s));
      this.announce(this.t('item:removed', { text: this.text(id), n: index + 2 }));
      this.emitChange();
    } else {
      this.selectedSlot = this.selectedSlot === index ? null : index;
      this.announce(this.selectedSlot === null ? this.t('item:selection-cancelled') : this.t('item:slot-selected', { n: index + 2 }));
    }
  }

  private async focusIn(group: Group, index: number): Promise<void> {
    this.active = { ...this.active, [group]: index };
    await this.updateComplete;
    this.renderRoot.querySelectorAll<HTMLButtonElement>(`[data-group=${group}] button`)[index]?.focus();
  }

  /** Remembers which button of a group has the focus, so Tab comes back to it. */
  private focused(group: Group, event: FocusEvent): void {
    const buttons = [...(event.currentTarget as HTMLElement).querySelectorAll('button')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index >= 0 && index !== this.active[group]) this.active = { ...this.active, [group]: index };
  }

  private rovingIndex(group: Group, index: number, count: number): number {
    return index === Math.min(this.active[group], count - 1) ? 0 : -1;
  }

  private keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.selectedSlot !== null) {
      this.selectedSlot = null;
      this.announce(this.t('item:selection-cancelled'));
      return;
    }
    arrowNavigation(event);
  }

  protected renderOrdering(): TemplateResult {
    const view = this.view;
    if (!view) return html``;
    const words = this.variant === 'word';
    const pool = this.pool;
    const answer = html`<div class="answer">
      <h3 id="answer-title">${this.t(words ? 'item:your-sentence' : 'item:your-text')}</h3>
      <ol class="slots" data-group="slots" aria-labelledby="answer-title" lang=${this.textLang} @keydown=${this.keydown} @focusin=${(e: FocusEvent) => this.focused('slots', e)}>
        <li class="given">
          <span class="sr-only">${this.t(words ? 'item:given-word' : 'item:given-sentence', { text: view.first })}</span>
          <span aria-hidden="true" class="given-text">${view.first}</span>${words ? '' : html`<span class="tag" aria-hidden="true">${this.t('item:given')}</span>`}
        </li>
        ${this.slots.map((id, i) => {
          const n = i + 2;
          const text = id === null ? '' : this.text(id);
          // One template for empty and filled positions, so the button (and the keyboard focus) survives a change.
          return html`<li>
            <button
              class="slot ${id === null ? 'empty' : 'filled chip'}"
              tabindex=${this.rovingIndex('slots', i, this.slots.length)}
              aria-pressed=${id === null ? (this.selectedSlot === i ? 'true' : 'false') : nothing}
              aria-label=${id === null ? this.t('item:slot-empty', { n }) : this.t('item:slot-filled', { n, text })}
              @click=${() => this.slotClicked(i)}
            >${words ? '' : html`<span class="n" aria-hidden="true">${n}</span>`}${text}</button>
          </li>`;
        })}
      </ol>
    </div>`;
    const poolPart = html`<div class="pool">
      <h3 id="pool-title">${this.t(words ? 'item:to-place-words' : 'item:to-place-sentences')}</h3>
      <ul data-group="pool" aria-labelledby="pool-title" lang=${this.textLang} @keydown=${this.keydown} @focusin=${(e: FocusEvent) => this.focused('pool', e)}>
        ${pool.map((e, i) => html`<li><button class="chip" tabindex=${this.rovingIndex('pool', i, pool.length)} @click=${() => this.place(e, i)}>${e.text}</button></li>`)}
      </ul>
      ${pool.length === 0 ? html`<p class="done">${this.t('item:nothing-left')}</p>` : ''}
    </div>`;
    return html`<section part="item" class=${this.variant}>
      ${this.renderInstruction()}
      <div class="board">${words ? html`${answer}${poolPart}` : html`${poolPart}${answer}`}</div>
      ${this.renderLive()}
    </section>`;
  }

  override render() {
    return this.renderOrdering();
  }
}
