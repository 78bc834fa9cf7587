import { css } from 'lit';
import { itemStyles } from '../shared/item.styles.js';

export const styles = [
  itemStyles,
  css`
    input {
      font: inherit;
      font-size: 1.05rem;
      width: 8em;
      line-height: 1.4;
      padding: 0.15rem 0.4rem;
      margin: 0 0.15rem;
      border: 1px solid #6b7f99;
      border-bottom: 2px solid var(--item-accent);
      border-radius: 4px;
      background: #fff;
      color: inherit;
    }
    .hint {
      font-variant: small-caps;
      color: #3d4a5c;
      margin-right: 0.2rem;
    }
  `,
];
