import { html } from 'lit';
import { instructions, type TypedGapResponse, type TypedGapView } from '../../../plugin/item-types/typed-gap/view.js';
import { ItemElement, splitBlanks } from '../shared/item-element.js';
import { styles } from './typed-gap.styles.js';

/**
 * Typed gap fill: one word to type per blank, sometimes with a root word in brackets to put in the right form.
 *
 * @summary Typed gap fill item: one word per blank.
 * @tagname cadre-item-typed-gap
 * @fires cadre-answer-change - detail: { response: { blanks: string[] }, complete } on every keystroke
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @cssprop --cadre-accent - accent colour
 */
export class CadreItemTypedGap extends ItemElement<TypedGapView, TypedGapResponse> {
  static override styles = styles;
  private typed: string[] = [];

  get value(): TypedGapResponse {
    return { blanks: [...this.typed] };
  }
  get complete(): boolean {
    return this.typed.length > 0 && this.typed.every((s) => s.trim() !== '');
  }
  protected get defaultInstruction() {
    return instructions;
  }
  protected reset(view: TypedGapView, response: TypedGapResponse | undefined): void {
    this.typed = view.blanks.map((_, i) => response?.blanks[i] ?? '');
  }

  private type(index: number, event: Event): void {
    this.typed[index] = (event.target as HTMLInputElement).value;
    this.emitChange();
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    const hints = view.blanks.some((b) => b.hint);
    return html`<section part="item">
      ${this.renderInstruction(hints && this.instruction === undefined ? [this.t('item:hint-help')] : [])}
      <p class="text" lang=${this.textLang}>
        ${splitBlanks(view.text).map((part) => {
          if (typeof part === 'string') return part;
          const hint = view.blanks[part]?.hint;
          const label = hint ? this.t('item:blank-hint', { n: part + 1, hint }) : this.t('item:blank', { n: part + 1 });
          return html`<input
              type="text"
              aria-label=${label}
              autocomplete="off"
              autocapitalize="off"
              spellcheck="false"
              maxlength="100"
              .value=${this.typed[part] ?? ''}
              @input=${(e: Event) => this.type(part, e)}
            />${hint ? html`<span class="hint" aria-hidden="true">(${hint})</span>` : ''}`;
        })}
      </p>
      ${this.renderLive()}
    </section>`;
  }
}
