import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
  }
  .player {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem 1rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 8px);
    background: #f6f8fb;
    max-width: 46rem;
    box-sizing: border-box;
  }
  .play {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.55rem 1.1rem;
    border: 0;
    border-radius: 6px;
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
    cursor: pointer;
  }
  .play:hover:not(:disabled) {
    background: #163d71;
  }
  .play:disabled {
    background: #5f6670;
    cursor: not-allowed;
  }
  .play:focus-visible {
    outline: 3px solid var(--cadre-focus, #c2410c);
    outline-offset: 2px;
  }
  .plays {
    font-weight: 600;
  }
  .plays.none {
    color: var(--cadre-danger, #a4161a);
  }
  progress {
    flex: 1 1 8rem;
    height: 0.6rem;
    accent-color: var(--cadre-accent, #1d4f91);
  }
  .time {
    font-variant-numeric: tabular-nums;
    color: #3a3a3a;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
  }
`;
