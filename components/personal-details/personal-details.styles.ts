import { css } from 'lit';
import { controlStyles } from '../shared/controls.styles.js';

export const styles = [
  controlStyles,
  css`
    :host {
      display: block;
      color: var(--cadre-text, #1a1a1a);
    }
    form {
      display: grid;
      gap: 1rem;
      max-width: 40rem;
    }
    fieldset {
      border: none;
      padding: 0;
      margin: 0;
    }
    legend,
    label {
      display: block;
      font-weight: 600;
      margin-bottom: 0.25rem;
    }
    .choice {
      display: inline-flex;
      gap: 0.4rem;
      align-items: center;
      margin-right: 1.5rem;
      font-weight: normal;
    }
    input[type='text'],
    input[type='email'],
    input[type='tel'],
    input[type='date'],
    select,
    textarea {
      width: 100%;
      box-sizing: border-box;
      padding: 0.45rem 0.6rem;
      border: 1px solid #767676;
      border-radius: var(--cadre-radius, 6px);
    }
    [aria-invalid='true'] {
      border-color: var(--cadre-danger, #a4161a);
      border-width: 2px;
    }
    :focus-visible {
      outline: 3px solid var(--cadre-accent, #1d4f91);
      outline-offset: 2px;
    }
    .hint {
      font-size: 0.9rem;
      color: #555;
      margin: 0.2rem 0 0;
    }
    .error {
      color: var(--cadre-danger, #a4161a);
      font-weight: 600;
      margin: 0.25rem 0 0;
    }
    .summary {
      border-left: 4px solid var(--cadre-danger, #a4161a);
      padding: 0.5rem 1rem;
      color: var(--cadre-danger, #a4161a);
    }
    .ok {
      color: #1e6b34;
      font-weight: 600;
    }
    .certify {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      font-weight: normal;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.4rem 1.5rem;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
    button.primary {
      padding: 0.5rem 1.2rem;
    }
  `,
];
