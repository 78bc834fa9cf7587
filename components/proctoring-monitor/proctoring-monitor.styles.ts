import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  [part='indicator'] {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.85rem;
    padding: 0.15rem 0.6rem;
    border-radius: 999px;
    border: 1px solid var(--cadre-border, #c4c4c4);
    background: var(--cadre-surface, #fff);
  }
  .dot {
    width: 0.6rem;
    height: 0.6rem;
    border-radius: 50%;
    background: var(--cadre-success, #0a6b2d);
  }
  .dot.off {
    background: var(--cadre-muted, #6b6b6b);
  }
  [part='notice'] {
    margin-top: 0.5rem;
    padding: 0.6rem 0.8rem;
    border-left: 4px solid var(--cadre-warning, #8a5a00);
    background: var(--cadre-warning-surface, #fff8e6);
    max-width: 40rem;
  }
  [part='notice'] p {
    margin: 0 0 0.4rem;
  }
  button {
    font: inherit;
    margin-right: 0.5rem;
  }
  button:focus-visible {
    outline: 3px solid var(--cadre-focus, #1d4ed8);
    outline-offset: 2px;
  }
`;
