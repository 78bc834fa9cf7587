import { itemStyles } from '../shared/item.styles.js';
import { orderingStyles } from '../shared/ordering.styles.js';

export const styles = [itemStyles, orderingStyles];
