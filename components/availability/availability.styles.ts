import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
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
