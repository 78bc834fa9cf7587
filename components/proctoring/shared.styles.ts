import { css } from 'lit';

/** Styles shared by the proctoring components (panels, buttons, status colours). */
export const sharedStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  [part='panel'] {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 8px);
    padding: 1rem 1.25rem;
    max-width: 48rem;
    background: var(--cadre-surface, #fff);
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1rem 0 0.35rem;
  }
  p {
    margin: 0 0 0.5rem;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.9rem;
    margin: 0.25rem 0.5rem 0.25rem 0;
    border-radius: 6px;
    border: 1px solid var(--cadre-accent, #1d4f91);
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--cadre-accent, #1d4f91);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--cadre-focus, #1d4ed8);
    outline-offset: 2px;
  }
  .ok {
    color: var(--cadre-success, #0a6b2d);
  }
  .ko {
    color: var(--cadre-danger, #a4161a);
  }
  .hint {
    color: var(--cadre-muted, #555);
    font-size: 0.95rem;
  }
`;
