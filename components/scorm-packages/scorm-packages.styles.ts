import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    color: var(--cadre-text, #1a1a1a);
  }
  form {
    display: grid;
    grid-template-columns: minmax(8rem, 14rem) minmax(12rem, 26rem);
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 1rem 0;
    max-width: 42rem;
  }
  form select,
  form input:not([type='checkbox']) {
    width: 100%;
    box-sizing: border-box;
  }
  form p {
    margin: 0;
  }
  form .wide {
    grid-column: 1 / -1;
  }
  input,
  select,
  button {
    font: inherit;
  }
  button {
    padding: 0.45rem 1.1rem;
    border-radius: var(--cadre-radius, 8px);
    border: 1px solid var(--cadre-accent, #1d4f91);
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: var(--cadre-danger, #a4161a);
    border-color: var(--cadre-danger, #a4161a);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid var(--cadre-border, #c4c4c4);
  }
  .revoked {
    color: var(--cadre-danger, #a4161a);
  }
  .hint {
    font-size: 0.9rem;
  }
`;
