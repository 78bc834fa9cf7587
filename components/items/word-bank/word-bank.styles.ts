import { css } from 'lit';
import { itemStyles } from '../shared/item.styles.js';

export const styles = [
  itemStyles,
  css`
    .blank {
      display: inline-block;
      min-width: 5.5rem;
      min-height: 2rem;
      margin: 0 0.15rem;
      padding: 0.1rem 0.6rem;
      border-radius: 6px;
      line-height: 1.6;
      vertical-align: baseline;
    }
    .blank.empty {
      border: 2px dashed #8a97a8;
      background: #fff;
      color: #5a6472;
      font-size: 0.85rem;
    }
    .blank.empty.target {
      border-color: var(--item-accent);
      background: var(--item-highlight);
    }
    .blank.empty[aria-pressed='true'] {
      border-style: solid;
      border-color: var(--item-accent);
      background: var(--item-highlight);
      color: var(--item-accent);
      font-weight: 600;
    }
    .blank.filled {
      border: 1px solid var(--item-accent);
      background: var(--item-chip-bg);
      font-size: 1.05rem;
    }
    .blank:hover {
      border-color: var(--item-accent);
    }
    .bank {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin: 0;
      padding: 0.75rem;
      border: 1px solid var(--item-border);
      border-radius: var(--cadre-radius, 8px);
      background: #fafbfc;
      min-height: 2.5rem;
    }
    .bank .chip {
      margin: 0;
    }
    .done {
      color: #4a4a4a;
      font-style: italic;
    }
  `,
];
