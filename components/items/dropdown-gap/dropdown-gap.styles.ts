import { css } from 'lit';
import { itemStyles } from '../shared/item.styles.js';

export const styles = [
  itemStyles,
  css`
    select {
      font: inherit;
      font-size: 1.05rem;
      padding: 0.2rem 0.4rem;
      margin: 0 0.15rem;
      border: 1px solid #6b7f99;
      border-bottom: 2px solid var(--item-accent);
      border-radius: 4px;
      background: #fff;
      color: inherit;
      max-width: 100%;
      line-height: 1.4;
    }
  `,
];
