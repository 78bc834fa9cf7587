import { css } from 'lit';
import { sharedStyles } from '../proctoring/shared.styles.js';

export const styles = [
  sharedStyles,
  css`
    [part='panel'] {
      max-width: 64rem;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid var(--cadre-border, #c4c4c4);
    }
    .high {
      color: var(--cadre-danger, #a4161a);
      font-weight: 600;
    }
    ol.timeline {
      padding-left: 1.25rem;
    }
    ol.timeline li {
      margin: 0.5rem 0;
    }
    img {
      display: block;
      max-width: 320px;
      border-radius: 6px;
      margin-top: 0.25rem;
    }
    .photos {
      display: flex;
      gap: 1rem;
      flex-wrap: wrap;
    }
    fieldset {
      border: 1px solid var(--cadre-border, #c4c4c4);
      border-radius: 6px;
      margin: 0.75rem 0;
    }
    textarea {
      display: block;
      width: 100%;
      max-width: 40rem;
      min-height: 4rem;
      font: inherit;
    }
  `,
];
