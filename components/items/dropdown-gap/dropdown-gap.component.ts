import { html } from 'lit';
import { instructions, type DropdownGapResponse, type DropdownGapView } from '../../../plugin/item-types/dropdown-gap/view.js';
import { ItemElement, splitBlanks } from '../shared/item-element.js';
import { styles } from './dropdown-gap.styles.js';

/**
 * Drop-down gap fill: a text with one list of options per blank.
 *
 * @summary Drop-down gap fill item.
 * @tagname cadre-item-dropdown-gap
 * @fires cadre-answer-change - detail: { response: { blanks: (string | null)[] }, complete } on every choice
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @cssprop --cadre-accent - accent colour
 */
export class CadreItemDropdownGap extends ItemElement<DropdownGapView, DropdownGapResponse> {
  static override styles = styles;
  private chosen: (string | null)[] = [];

  get value(): DropdownGapResponse {
    return { blanks: [...this.chosen] };
  }
  get complete(): boolean {
    return this.chosen.length > 0 && this.chosen.every((c) => c !== null);
  }
  protected get defaultInstruction() {
    return instructions;
  }
  protected reset(view: DropdownGapView, response: DropdownGapResponse | undefined): void {
    this.chosen = view.blanks.map((b, i) => {
      const given = response?.blanks[i];
      return given != null && b.options.includes(given) ? given : null;
    });
  }

  private choose(index: number, event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.chosen[index] = value === '' ? null : value;
    this.emitChange();
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    return html`<section part="item">
      ${this.renderInstruction()}
      <p class="text" lang=${this.textLang}>
        ${splitBlanks(view.text).map((part) =>
          typeof part === 'string'
            ? part
            : html`<select aria-label=${this.t('item:blank', { n: part + 1 })} @change=${(e: Event) => this.choose(part, e)}>
                <option value="" ?selected=${this.chosen[part] == null}>${this.t('item:choose')}</option>
                ${view.blanks[part]?.options.map((o) => html`<option value=${o} ?selected=${this.chosen[part] === o}>${o}</option>`)}
              </select>`,
        )}
      </p>
      ${this.renderLive()}
    </section>`;
  }
}
