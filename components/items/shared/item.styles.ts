import { css } from 'lit';

/** Look shared by every item renderer: a calm exam page, large readable text, obvious focus. */
export const itemStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
    --item-accent: var(--cadre-accent, #1d4f91);
    --item-border: var(--cadre-border, #c4c4c4);
    --item-chip-bg: var(--cadre-chip-background, #eef3fa);
    --item-highlight: var(--cadre-highlight, #fff3c4);
  }
  [part='item'] {
    max-width: 46rem;
  }
  .instruction {
    margin: 0 0 1.25rem;
    padding: 0.75rem 1rem;
    border-left: 4px solid var(--item-accent);
    background: #f6f8fb;
    border-radius: 0 var(--cadre-radius, 8px) var(--cadre-radius, 8px) 0;
  }
  .instruction p {
    margin: 0.25rem 0;
    color: #3a3a3a;
  }
  .instruction p.lead {
    font-weight: 600;
    color: var(--cadre-text, #1a1a1a);
  }
  .text {
    font-size: 1.15rem;
    line-height: 2.4;
    margin: 0 0 1rem;
  }
  h3 {
    font-size: 0.95rem;
    font-weight: 600;
    color: #4a4a4a;
    margin: 1.25rem 0 0.5rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
  }
  .chip {
    display: inline-block;
    padding: 0.35rem 0.8rem;
    margin: 0.2rem;
    border: 1px solid #8ea6c8;
    border-radius: 6px;
    background: var(--item-chip-bg);
    font-size: 1.05rem;
    line-height: 1.4;
    text-align: left;
  }
  .chip:hover {
    background: #dde7f5;
    border-color: var(--item-accent);
  }
  .chip[aria-pressed='true'] {
    background: var(--item-accent);
    border-color: var(--item-accent);
    color: #fff;
  }
  :focus-visible {
    outline: 3px solid var(--cadre-focus, #c2410c);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;
