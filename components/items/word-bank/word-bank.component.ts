import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { instructions, type WordBankResponse, type WordBankView } from '../../../plugin/item-types/word-bank/view.js';
import { ItemElement, arrowNavigation, splitBlanks } from '../shared/item-element.js';
import { styles } from './word-bank.styles.js';

/**
 * Bank of words: click a blank then a word, or a word then one of the highlighted blanks; click a placed word
 * to remove it (never drag and drop). The bank may hold more words than there are blanks. Escape cancels a selection.
 *
 * @summary Bank of words item: put each word in its blank.
 * @tagname cadre-item-word-bank
 * @fires cadre-answer-change - detail: { response: { blanks: (string | null)[] }, complete } on every placement or removal
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @cssprop --cadre-accent - accent colour
 * @cssprop --cadre-highlight - background of the blanks a selected word can go to
 */
export class CadreItemWordBank extends ItemElement<WordBankView, WordBankResponse> {
  static override styles = styles;
  /** Bank word id in each blank, or null. */
  @state() private blanks: (string | null)[] = [];
  @state() private selectedBlank: number | null = null;
  @state() private selectedWord: string | null = null;
  /** Roving tab stop in the bank: one Tab stop, arrow keys move among the words. */
  @state() private activeWord = 0;

  get value(): WordBankResponse {
    return { blanks: [...this.blanks] };
  }
  get complete(): boolean {
    return this.blanks.length > 0 && this.blanks.every((b) => b !== null);
  }
  protected get defaultInstruction() {
    return instructions;
  }
  protected reset(view: WordBankView, response: WordBankResponse | undefined): void {
    const ids = new Set(view.words.map((w) => w.id));
    const used = new Set<string>();
    this.blanks = Array.from({ length: view.blankCount }, (_, i) => {
      const id = response?.blanks[i];
      if (id == null || !ids.has(id) || used.has(id)) return null;
      used.add(id);
      return id;
    });
    this.selectedBlank = null;
    this.selectedWord = null;
  }

  private text(id: string): string {
    return this.view?.words.find((w) => w.id === id)?.text ?? '';
  }

  private put(blank: number, id: string): void {
    this.blanks = this.blanks.map((b, i) => (i === blank ? id : b));
    this.selectedBlank = null;
    this.selectedWord = null;
    this.announce(this.t('item:bank-placed', { text: this.text(id), n: blank + 1 }));
    this.emitChange();
  }

  private blankClicked(index: number): void {
    if (this.selectedWord !== null) return this.put(index, this.selectedWord);
    const id = this.blanks[index];
    if (id != null) {
      this.blanks = this.blanks.map((b, i) => (i === index ? null : b));
      this.selectedBlank = null;
      this.announce(this.t('item:bank-removed', { text: this.text(id), n: index + 1 }));
      this.emitChange();
      return;
    }
    this.selectedBlank = this.selectedBlank === index ? null : index;
    this.announce(this.selectedBlank === null ? this.t('item:selection-cancelled') : this.t('item:bank-blank-selected', { n: index + 1 }));
  }

  private async wordClicked(id: string): Promise<void> {
    if (this.selectedBlank !== null) {
      const blank = this.selectedBlank;
      this.put(blank, id);
      await this.updateComplete;
      // The word left the bank: bring the keyboard back to the blank it filled.
      this.renderRoot.querySelectorAll<HTMLButtonElement>('button.blank')[blank]?.focus();
      return;
    }
    this.selectedWord = this.selectedWord === id ? null : id;
    this.announce(this.selectedWord === null ? this.t('item:selection-cancelled') : this.t('item:bank-word-selected', { text: this.text(id) }));
  }

  private wordFocused(event: FocusEvent): void {
    const index = [...(event.currentTarget as HTMLElement).querySelectorAll('button')].indexOf(event.target as HTMLButtonElement);
    if (index >= 0) this.activeWord = index;
  }

  private keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && (this.selectedBlank !== null || this.selectedWord !== null)) {
      this.selectedBlank = null;
      this.selectedWord = null;
      this.announce(this.t('item:selection-cancelled'));
    }
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    const bank = view.words.filter((w) => !this.blanks.includes(w.id));
    const word = this.selectedWord === null ? null : this.text(this.selectedWord);
    return html`<section part="item" @keydown=${this.keydown}>
      ${this.renderInstruction()}
      <p class="text" lang=${this.textLang}>
        ${splitBlanks(view.text).map((part) => {
          if (typeof part === 'string') return part;
          const n = part + 1;
          const id = this.blanks[part] ?? null;
          const target = id === null && word !== null;
          const label =
            id !== null
              ? this.t('item:bank-blank-filled', { n, text: this.text(id) })
              : target
                ? this.t('item:bank-blank-target', { n, text: word })
                : this.t('item:bank-blank-empty', { n });
          // One template for empty and filled blanks, so the button (and the keyboard focus) survives a change.
          return html`<button
            class="blank ${id === null ? 'empty' : 'filled'} ${target ? 'target' : ''}"
            aria-pressed=${id === null ? (this.selectedBlank === part ? 'true' : 'false') : nothing}
            aria-label=${label}
            @click=${() => this.blankClicked(part)}
          >${id === null ? html`<span aria-hidden="true">${n}</span>` : this.text(id)}</button>`;
        })}
      </p>
      <h3 id="bank-title">${this.t('item:bank')}</h3>
      <ul class="bank" aria-labelledby="bank-title" lang=${this.textLang} @keydown=${arrowNavigation} @focusin=${this.wordFocused}>
        ${bank.map((w, i) => html`<li><button class="chip" tabindex=${i === Math.min(this.activeWord, bank.length - 1) ? 0 : -1} aria-pressed=${this.selectedWord === w.id ? 'true' : 'false'} @click=${() => this.wordClicked(w.id)}>${w.text}</button></li>`)}
      </ul>
      ${bank.length === 0 ? html`<p class="done">${this.t('item:bank-empty')}</p>` : ''}
      ${this.renderLive()}
    </section>`;
  }
}
