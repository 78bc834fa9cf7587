import { css } from 'lit';
import { itemStyles } from '../shared/item.styles.js';

export const styles = [
  itemStyles,
  css`
    .passage {
      max-height: 22rem;
      overflow-y: auto;
      padding: 0.25rem 1rem;
      margin: 0 0 1.25rem;
      border: 1px solid var(--item-border);
      border-radius: var(--cadre-radius, 8px);
      background: #fdfdfb;
      font-size: 1.05rem;
      line-height: 1.65;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
    }
    legend {
      font-size: 1.1rem;
      font-weight: 600;
      margin: 0 0 0.75rem;
      padding: 0;
    }
    label {
      display: flex;
      align-items: flex-start;
      gap: 0.75rem;
      margin: 0 0 0.5rem;
      padding: 0.65rem 0.9rem;
      border: 1px solid var(--item-border);
      border-radius: var(--cadre-radius, 8px);
      background: #fff;
      cursor: pointer;
      font-size: 1.05rem;
    }
    label:hover {
      border-color: var(--item-accent);
      background: #f6f8fb;
    }
    label.chosen {
      border: 2px solid var(--item-accent);
      background: var(--item-chip-bg);
      padding: calc(0.65rem - 1px) calc(0.9rem - 1px);
    }
    input[type='radio'] {
      width: 1.15rem;
      height: 1.15rem;
      margin: 0.2rem 0 0;
      flex: none;
      accent-color: var(--item-accent);
    }
    label:has(input:focus-visible) {
      outline: 3px solid var(--cadre-focus, #c2410c);
      outline-offset: 2px;
    }
  `,
];
