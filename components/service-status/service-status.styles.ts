import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  [part='panel'] {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 8px);
    padding: 1rem 1.25rem;
    max-width: 32rem;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.5rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  dd {
    margin: 0;
  }
  .ok {
    color: var(--cadre-success, #0a6b2d);
  }
  .ko {
    color: var(--cadre-danger, #a4161a);
  }
`;
