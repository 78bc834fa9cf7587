/**
 * The browser side of the "true-false-not-given" example: its renderer element and the one call that registers
 * it. Installed by importing this module in components/items/installed.ts (docs/plugins.md). Built into the
 * browser bundle only (tsconfig.build.json leaves plugin renderers out of the server build).
 */
import { css, html } from 'lit';
import { registerItemRenderer } from '../../../components/items/registry.js';
import { ItemElement } from '../../../components/items/shared/item-element.js';
import { itemStyles } from '../../../components/items/shared/item.styles.js';
import { instructions, VERDICT_LABELS, VERDICTS, type TrueFalseNotGivenResponse, type TrueFalseNotGivenView, type Verdict } from './view.js';

let items = 0;

/**
 * True / false / not given: a text, then one group of three radio buttons per statement.
 *
 * @event cadre-answer-change - detail: { response: { answers: (Verdict | null)[] }, complete } on every choice
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @csspart passage - the text to read
 */
export class AcmeItemTrueFalseNotGiven extends ItemElement<TrueFalseNotGivenView, TrueFalseNotGivenResponse> {
  static override styles = [
    itemStyles,
    css`
      .passage {
        padding: 0.25rem 1rem;
        margin: 0 0 1.25rem;
        border: 1px solid var(--item-border);
        border-radius: var(--cadre-radius, 8px);
        line-height: 1.65;
      }
      fieldset {
        border: 0;
        margin: 0 0 1rem;
        padding: 0;
      }
      legend {
        font-weight: 600;
        margin: 0 0 0.5rem;
        padding: 0;
      }
      label {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        margin: 0 1.25rem 0 0;
        cursor: pointer;
      }
    `,
  ];
  private answers: (Verdict | null)[] = [];
  private readonly name = `tfng-${++items}`;

  get value(): TrueFalseNotGivenResponse {
    return { answers: [...this.answers] };
  }
  get complete(): boolean {
    return this.answers.length > 0 && this.answers.every((a) => a !== null);
  }
  protected get defaultInstruction() {
    return instructions;
  }
  protected reset(view: TrueFalseNotGivenView, response: TrueFalseNotGivenResponse | undefined): void {
    this.answers = view.statements.map((_, i) => {
      const given = response?.answers[i];
      return given != null && (VERDICTS as readonly string[]).includes(given) ? given : null;
    });
  }

  private choose(index: number, verdict: Verdict): void {
    this.answers[index] = verdict;
    this.requestUpdate();
    this.emitChange();
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    return html`<section part="item">
      ${this.renderInstruction()}
      <div part="passage" class="passage" lang=${this.textLang}>${view.passage.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>
      ${view.statements.map(
        (statement, i) => html`<fieldset>
          <legend lang=${this.textLang}>${i + 1}. ${statement}</legend>
          ${VERDICTS.map(
            (verdict) => html`<label>
              <input type="radio" name=${`${this.name}-${i}`} .checked=${this.answers[i] === verdict} @change=${() => this.choose(i, verdict)} />
              <span>${VERDICT_LABELS[verdict][this.locale]}</span>
            </label>`,
          )}
        </fieldset>`,
      )}
      ${this.renderLive()}
    </section>`;
  }
}

/** The one call that installs the renderer: the exam shows "true-false-not-given" items with this element. */
registerItemRenderer({ type: 'true-false-not-given', tag: 'acme-item-true-false-not-given', element: AcmeItemTrueFalseNotGiven });
