import { css } from 'lit';
import { sharedStyles } from '../proctoring/shared.styles.js';

export const styles = [
  sharedStyles,
  css`
    [part='panel'] {
      max-width: 80rem;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.75rem 1.5rem;
      margin-bottom: 0.75rem;
    }
    .toolbar label {
      display: block;
      font-weight: 600;
      margin-bottom: 0.2rem;
    }
    select,
    input,
    textarea {
      font: inherit;
      padding: 0.3rem 0.4rem;
      border: 1px solid var(--cadre-border-strong, #767676);
      border-radius: 4px;
    }
    a.button {
      display: inline-block;
      padding: 0.4rem 0.9rem;
      border-radius: 6px;
      border: 1px solid var(--cadre-accent, #1d4f91);
      color: var(--cadre-accent, #1d4f91);
      text-decoration: none;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    caption {
      text-align: left;
      padding-bottom: 0.35rem;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 0.45rem 0.5rem;
      border-bottom: 1px solid var(--cadre-border, #c4c4c4);
    }
    thead th {
      border-bottom: 2px solid var(--cadre-border-strong, #767676);
      white-space: nowrap;
    }
    th[scope='row'] {
      font-weight: normal;
    }
    .name {
      font-weight: 600;
    }
    .small {
      font-size: 0.9rem;
      color: var(--cadre-muted, #555);
    }
    .state {
      display: inline-block;
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      border: 1px solid currentColor;
      white-space: nowrap;
    }
    .state.released {
      color: var(--cadre-success, #0a6b2d);
    }
    .state.invalidated {
      color: var(--cadre-danger, #a4161a);
    }
    .overall {
      font-weight: 700;
      font-size: 1.05rem;
    }
    ul.skills {
      list-style: none;
      margin: 0.15rem 0 0;
      padding: 0;
      font-size: 0.9rem;
    }
    .flags {
      font-weight: 700;
      color: var(--cadre-danger, #a4161a);
    }
    .actions a {
      display: inline-block;
      margin: 0.1rem 0 0.35rem;
    }
    .actions button {
      margin: 0.1rem 0.35rem 0.1rem 0;
      font-size: 0.92rem;
      padding: 0.25rem 0.6rem;
    }
    dialog {
      border: 1px solid var(--cadre-border-strong, #767676);
      border-radius: var(--cadre-radius, 8px);
      padding: 1rem 1.25rem;
      max-width: 32rem;
      width: calc(100% - 2rem);
    }
    dialog.booking {
      width: min(64rem, 95vw);
      max-width: none;
    }
    .dialog-head {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 1rem;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.35);
    }
    dialog label {
      display: block;
      font-weight: 600;
      margin: 0.75rem 0 0.2rem;
    }
    dialog textarea,
    dialog input {
      width: 100%;
      box-sizing: border-box;
    }
    dialog textarea {
      min-height: 4.5rem;
    }
    .dialog-actions {
      margin-top: 1rem;
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    button.danger {
      background: var(--cadre-danger, #a4161a);
      border-color: var(--cadre-danger, #a4161a);
    }
  `,
];
