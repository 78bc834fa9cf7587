import { instructions, type WordOrderView, type OrderElement } from '../../../plugin/item-types/word-order/view.js';
import { OrderingItem } from '../shared/ordering-item.js';
import { styles } from './word-order.styles.js';

/**
 * Out-of-order sentence: click the words to rebuild the sentence after the given first word; click a placed
 * word to remove it; click an empty position first to choose where the next word goes.
 *
 * @summary Out-of-order sentence item: put the words back in order.
 * @tagname cadre-item-word-order
 * @fires cadre-answer-change - detail: { response: { order: (string | null)[] }, complete } on every placement or removal
 * @csspart item - the whole item
 * @csspart instruction - the instruction box
 * @cssprop --cadre-accent - accent colour
 * @cssprop --cadre-highlight - background of a selected empty position
 */
export class CadreItemWordOrder extends OrderingItem<WordOrderView> {
  static override styles = styles;
  protected readonly variant = 'word';
  protected get defaultInstruction() {
    return instructions;
  }
  protected elements(view: WordOrderView): OrderElement[] {
    return view.words;
  }
}
