import { html } from 'lit';
import { instructions, type MultipleChoiceResponse, type MultipleChoiceView } from '../../../plugin/item-types/multiple-choice/view.js';
import { ItemElement } from '../shared/item-element.js';
import { styles } from './multiple-choice.styles.js';

let groups = 0;

/**
 * Multiple choice: one answer among the options, sometimes after a text to read. Radio buttons: click an
 * option, or move among them with the arrow keys.
 *
 * @summary Multiple-choice item, sometimes after a text to read.
 * @tagname cadre-item-multiple-choice
 * @fires cadre-answer-change - detail: { response: { choice: string | null }, complete } when the choice changes
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @csspart passage - the text to read
 * @cssprop --cadre-accent - accent colour
 */
export class CadreItemMultipleChoice extends ItemElement<MultipleChoiceView, MultipleChoiceResponse> {
  static override styles = styles;
  private choice: string | null = null;
  private readonly group = `choice-${++groups}`;

  get value(): MultipleChoiceResponse {
    return { choice: this.choice };
  }
  get complete(): boolean {
    return this.choice !== null;
  }
  protected get defaultInstruction() {
    return instructions;
  }
  protected reset(view: MultipleChoiceView, response: MultipleChoiceResponse | undefined): void {
    this.choice = response?.choice != null && view.options.includes(response.choice) ? response.choice : null;
  }

  private choose(option: string): void {
    this.choice = option;
    this.requestUpdate();
    this.emitChange();
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    return html`<section part="item">
      ${this.renderInstruction()}
      ${
        view.passage
          ? html`<div part="passage" class="passage" role="region" aria-label=${this.t('item:passage')} tabindex="0" lang=${this.textLang}>
            ${view.passage.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}
          </div>`
          : ''
      }
      <fieldset lang=${this.textLang}>
        <legend>${view.question}</legend>
        ${view.options.map(
          (option) => html`<label class=${this.choice === option ? 'chosen' : ''}>
            <input type="radio" name=${this.group} .value=${option} .checked=${this.choice === option} @change=${() => this.choose(option)} />
            <span>${option}</span>
          </label>`,
        )}
      </fieldset>
      ${this.renderLive()}
    </section>`;
  }
}
