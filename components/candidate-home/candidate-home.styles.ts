import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    color: var(--cadre-text, #1a1a1a);
  }
  ol {
    list-style: none;
    padding: 0;
    margin: 1rem 0;
    display: grid;
    gap: 0.75rem;
  }
  li {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 8px);
    padding: 0.75rem 1rem;
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    flex-wrap: wrap;
  }
  .state {
    font-weight: 600;
  }
  .room {
    flex-basis: 100%;
  }
  [part='start'],
  a.button {
    font: inherit;
    font-weight: 600;
    padding: 0.6rem 1.4rem;
    border-radius: var(--cadre-radius, 8px);
    border: none;
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
    cursor: pointer;
  }
  [part='start']:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.link {
    font: inherit;
    background: none;
    border: none;
    padding: 0;
    color: var(--cadre-accent, #1d4f91);
    text-decoration: underline;
    cursor: pointer;
  }
  a.button {
    display: inline-block;
    text-decoration: none;
  }
  .links {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    padding: 0;
    margin: 0;
  }
  .links li {
    border: none;
    padding: 0;
  }
  .notice {
    border-left: 4px solid var(--cadre-accent, #1d4f91);
    padding: 0.5rem 1rem;
  }
  a:not(.button),
  button.link {
    color: var(--cadre-accent, #1d4f91);
  }
  :focus-visible {
    outline: 3px solid var(--cadre-accent, #1d4f91);
    outline-offset: 2px;
  }
  .demo {
    margin-top: 2rem;
    border-top: 1px solid var(--cadre-border, #c4c4c4);
  }
  .hint {
    font-size: 0.9rem;
    color: #555;
  }
`;
