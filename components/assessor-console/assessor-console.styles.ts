import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--cadre-text, #1a1a1a);
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(14rem, 1fr) 3fr;
    gap: 1.5rem;
  }
  @media (max-width: 48rem) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
  h1 {
    font-size: 1.4rem;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
    margin-bottom: 0.25rem;
  }
  button:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--cadre-focus, #ffbf47);
    outline-offset: 2px;
  }
  [part='agenda'] ul {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 0.4rem;
  }
  [part='agenda'] button {
    width: 100%;
    text-align: left;
  }
  [part='agenda'] button[aria-current='true'] {
    background: var(--cadre-accent);
    color: #fff;
  }
  .nav {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .photo-row {
    display: flex;
    gap: 1rem;
    flex-wrap: wrap;
  }
  .photo-row img {
    border-radius: 4px;
    border: 1px solid var(--cadre-border, #c4c4c4);
    height: auto;
  }
  .photos {
    border: 1px dashed var(--cadre-border, #8a8a8a);
    padding: 0.75rem;
    border-radius: var(--cadre-radius, 6px);
  }
  fieldset {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-radius: var(--cadre-radius, 6px);
    margin: 0 0 1rem;
  }
  .criteria {
    display: grid;
    grid-template-columns: max-content 6rem;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  textarea {
    width: 100%;
    min-height: 5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 0.75rem;
  }
  .level {
    font-size: 1.2rem;
    font-weight: 700;
  }
  [role='alert'] {
    color: var(--cadre-danger, #a4161a);
  }
  .muted {
    color: var(--cadre-muted, #4a4a4a);
  }
`;
