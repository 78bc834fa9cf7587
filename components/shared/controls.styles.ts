import { css } from 'lit';

/**
 * Buttons and form controls as every Cadre component draws them: the accent colour
 * (--cadre-accent, from cadre.css), a filled primary button, a visible keyboard focus.
 */
export const controlStyles = css`
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button,
  a.button {
    cursor: pointer;
    border-radius: var(--cadre-radius, 6px);
    border: 1px solid var(--cadre-accent, #1d4f91);
    background: #fff;
    color: var(--cadre-accent, #1d4f91);
    padding: 0.35rem 0.75rem;
  }
  a.button {
    display: inline-block;
    text-decoration: none;
  }
  button.primary,
  a.button.primary {
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
`;
