import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
    --cadre-accent: var(--cadre-primary, #1d4e89);
    margin-top: 2rem;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    text-align: left;
  }
  input,
  select,
  button {
    font: inherit;
  }
  button {
    cursor: pointer;
    border-radius: var(--cadre-radius, 6px);
    border: 1px solid var(--cadre-accent);
    background: #fff;
    color: var(--cadre-accent);
    padding: 0.3rem 0.7rem;
  }
  button.primary {
    background: var(--cadre-accent);
    color: #fff;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 3px solid var(--cadre-focus, #ffbf47);
    outline-offset: 2px;
  }
  .fields {
    display: grid;
    grid-template-columns: max-content minmax(12rem, 28rem);
    gap: 0.5rem 1rem;
    align-items: center;
  }
  [role='alert'] {
    color: var(--cadre-danger, #a4161a);
  }
  .muted {
    color: var(--cadre-muted, #4a4a4a);
  }
`;
