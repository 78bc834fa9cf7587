import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  h1 {
    font-size: 1.4rem;
    letter-spacing: 0.03em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 1rem 0 0.5rem;
  }
  .toolbar h2 {
    font-size: 1.05rem;
    margin: 0 0.5rem 0 0;
  }
  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--cadre-focus, #ffbf47);
    outline-offset: 2px;
  }
  .range {
    font-weight: 600;
  }
  .grid-wrap {
    overflow-x: auto;
  }
  [part='calendar'] {
    width: 100%;
    min-width: 42rem;
    border-collapse: collapse;
    table-layout: fixed;
  }
  [part='calendar'] .corner {
    width: 3.5rem;
    border: none;
  }
  th.hour {
    text-align: right;
    font-weight: 600;
  }
  th.today {
    border-top: 4px solid var(--cadre-accent);
  }
  .day-number {
    font-size: 1.15rem;
  }
  .note {
    border-left: 4px solid var(--cadre-accent);
    padding: 0.4rem 0.75rem;
    background: var(--cadre-muted-bg, #f2f4f7);
  }
  th,
  td {
    border: 1px solid var(--cadre-border, #c4c4c4);
    vertical-align: top;
    padding: 0.35rem;
  }
  th {
    font-weight: 600;
    background: var(--cadre-muted-bg, #f2f4f7);
  }
  td {
    height: 2.2rem;
  }
  .slot {
    display: block;
    width: 100%;
    margin: 0.15rem 0;
    padding: 0.3rem 0.2rem;
    font-size: 0.9rem;
  }
  .slot[aria-pressed='true'] {
    background: var(--cadre-accent);
    color: #fff;
  }
  .booked {
    border: 2px solid var(--cadre-success, #0a6b2d);
    border-radius: var(--cadre-radius, 6px);
    padding: 0.75rem 1rem;
    margin: 1rem 0;
  }
  .actions {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  [role='alert'] {
    color: var(--cadre-danger, #a4161a);
    font-weight: 600;
  }
  dialog {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 8px);
    max-width: 28rem;
  }
  dialog header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 1rem;
  }
  dialog h2 {
    font-size: 1.1rem;
    margin: 0;
  }
  .muted {
    color: var(--cadre-muted, #4a4a4a);
    font-size: 0.9rem;
  }
  .link-button {
    border: none;
    background: none;
    padding: 0;
    text-decoration: underline;
    color: var(--cadre-accent);
  }
`;
