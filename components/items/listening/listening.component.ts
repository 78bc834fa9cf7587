import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { instructions, MAX_PLAYS, type ListeningResponse, type ListeningView } from '../../../plugin/item-types/listening/view.js';
import { instructions as choiceInstructions } from '../../../plugin/item-types/multiple-choice/view.js';
import { instructions as gapInstructions } from '../../../plugin/item-types/typed-gap/view.js';
import type { Bilingual } from '../../../plugin/item-types/contract.js';
import { ItemElement } from '../shared/item-element.js';
import type { AnswerChangeEvent } from '../shared/item-element.js';
import '../audio-player/audio-player.js';
import '../multiple-choice/multiple-choice.js';
import '../typed-gap/typed-gap.js';
import { styles } from './listening.styles.js';

/**
 * Listening: an extract (announcement, monologue, dialogue or message) heard at most twice, then a
 * multiple-choice question or a gap fill. Audio: on cadre-audio-play-request the shell asks the server for
 * a one-time URL and sets `audioUrl` and `playsLeft` (its count after this play; 0 refuses it); or it sets
 * `audioSource`, a callback giving one URL per play.
 *
 * @summary Listening item: an extract heard at most twice, then a question or a gap fill.
 * @tagname cadre-item-listening
 * @fires cadre-answer-change - detail: { response: { choice } | { blanks }, complete }, as the task's renderer gives it
 * @fires cadre-audio-play-request - from the player, detail: { playsLeft }
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 */
export class CadreItemListening extends ItemElement<ListeningView, ListeningResponse> {
  static override styles = styles;
  /** Plays still allowed (the server's count). */
  @property({ type: Number, attribute: 'plays-left' }) playsLeft = MAX_PLAYS;
  /** Gives a fresh one-time audio URL for each play (alternative to setting audioUrl on each request). */
  @property({ attribute: false }) audioSource: (() => Promise<string>) | undefined;
  /**
   * A one-time URL for the next play, set by the exam shell in answer to cadre-audio-play-request (the
   * view's audioUrl, when the server fills it in, serves the first play).
   */
  @property({ attribute: false }) audioUrl: string | null = null;
  private current: ListeningResponse = { choice: null };
  private done = false;

  get value(): ListeningResponse {
    return this.current;
  }
  get complete(): boolean {
    return this.done;
  }
  protected get defaultInstruction(): Bilingual {
    return instructions;
  }
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view') && this.view) this.audioUrl = this.view.audioUrl;
    super.willUpdate(changed);
  }

  protected reset(view: ListeningView, response: ListeningResponse | undefined): void {
    const task = view.task;
    if (task.kind === 'multiple-choice') {
      const choice = response && 'choice' in response && response.choice !== null && task.options.includes(response.choice) ? response.choice : null;
      this.current = { choice };
      this.done = choice !== null;
    } else {
      const typed = response && 'blanks' in response ? response.blanks : [];
      this.current = { blanks: task.blanks.map((_, i) => typed[i] ?? '') };
      this.done = this.current.blanks.every((b) => b.trim() !== '');
    }
  }

  /** The task's renderer reports to us; we report as the listening item. */
  private taskChanged(event: AnswerChangeEvent): void {
    event.stopPropagation();
    this.current = event.detail.response as ListeningResponse;
    this.done = event.detail.complete;
    this.emitChange();
  }

  override render() {
    const view = this.view;
    if (!view) return html``;
    const task = view.task;
    const first = (task.kind === 'multiple-choice' ? choiceInstructions : gapInstructions)[this.locale].split('\n')[0] ?? '';
    const instruction = this.instruction ?? `${first}\n${this.t(`item:listen-${view.genre}`)}`;
    return html`<section part="item">
      ${
        this.hideInstruction
          ? ''
          : html`<div part="instruction" class="instruction">
        ${instruction.split('\n').map((line, i) => html`<p class=${i === 0 ? 'lead' : ''}>${line}</p>`)}
      </div>`
      }
      <cadre-audio-player one-time-src lang=${this.locale} .playsLeft=${this.playsLeft} .src=${this.audioUrl ?? ''} .source=${this.audioSource}></cadre-audio-player>
      <div class="task" @cadre-answer-change=${this.taskChanged}>
        ${
          task.kind === 'multiple-choice'
            ? html`<cadre-item-multiple-choice
              hide-instruction
              lang=${this.locale}
              content-lang=${this.textLang}
              .view=${{ type: 'multiple-choice', question: task.question, options: task.options }}
              .response=${'choice' in this.current ? this.current : undefined}
            ></cadre-item-multiple-choice>`
            : html`<cadre-item-typed-gap
              hide-instruction
              lang=${this.locale}
              content-lang=${this.textLang}
              .view=${{ type: 'typed-gap', text: task.text, blanks: task.blanks }}
              .response=${'blanks' in this.current ? this.current : undefined}
            ></cadre-item-typed-gap>`
        }
      </div>
      ${this.renderLive()}
    </section>`;
  }
}
