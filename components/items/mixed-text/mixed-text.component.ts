import { instructions, type MixedTextView, type OrderElement } from '../../../plugin/item-types/mixed-text/view.js';
import { OrderingItem } from '../shared/ordering-item.js';
import { styles } from './mixed-text.styles.js';

/**
 * Mixed-order text: click the sentences to rebuild the text after the given first sentence; click a placed
 * sentence to remove it; click an empty position first to choose where the next sentence goes.
 *
 * @summary Mixed-order text item: put the sentences back in order.
 * @tagname cadre-item-mixed-text
 * @fires cadre-answer-change - detail: { response: { order: (string | null)[] }, complete } on every placement or removal
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @cssprop --cadre-accent - accent colour
 * @cssprop --cadre-highlight - background of a selected empty position
 */
export class CadreItemMixedText extends OrderingItem<MixedTextView> {
  static override styles = styles;
  protected readonly variant = 'sentence';
  protected get defaultInstruction() {
    return instructions;
  }
  protected elements(view: MixedTextView): OrderElement[] {
    return view.sentences;
  }
}
