import { css } from 'lit';

/** The two sides of the oral room share the call's layout: the other person large, oneself small. */
export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  h1 {
    font-size: 1.4rem;
  }
  h2 {
    font-size: 1.1rem;
  }
  button:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--cadre-focus, #ffbf47);
    outline-offset: 2px;
  }
  .call {
    display: grid;
    grid-template-columns: 3fr 1fr;
    gap: 0.75rem;
    align-items: start;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-size: 0.9rem;
    color: var(--cadre-muted, #4a4a4a);
  }
  video {
    width: 100%;
    background: #202020;
    border-radius: var(--cadre-radius, 6px);
    aspect-ratio: 4 / 3;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  button[aria-pressed='true'] {
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
  }
  .checks {
    list-style: none;
    padding: 0;
  }
  .ok {
    color: var(--cadre-success, #0a6b2d);
    font-weight: 600;
  }
  [role='alert'] {
    color: var(--cadre-danger, #a4161a);
  }
  .muted {
    color: var(--cadre-muted, #4a4a4a);
  }
  .parts {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 0.4rem;
  }
  .parts button {
    width: 100%;
    text-align: left;
  }
  .prompts {
    border-left: 4px solid var(--cadre-accent, #1d4f91);
    padding-left: 0.75rem;
  }
`;
