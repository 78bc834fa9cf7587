import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    color: var(--cadre-text, #1a1a1a);
    --accent: var(--cadre-accent, #1d4f91);
  }
  article {
    border: 1px solid var(--cadre-border, #c4c4c4);
    border-top: 6px solid var(--accent);
    background: #fff;
    padding: 1.5rem 2rem 1.25rem;
    max-width: 52rem;
  }
  header {
    display: flex;
    justify-content: space-between;
    gap: 1.5rem;
    flex-wrap: wrap;
    border-bottom: 1px solid var(--cadre-border, #c4c4c4);
    padding-bottom: 0.75rem;
  }
  .issuer {
    margin: 0;
    color: var(--accent);
    font-weight: 700;
    letter-spacing: 0.08em;
    text-transform: uppercase;
    font-size: 0.85rem;
  }
  h1 {
    margin: 0.2rem 0 0;
    font-size: 1.7rem;
  }
  h2 {
    font-size: 1.05rem;
    color: var(--accent);
    margin: 1.25rem 0 0.4rem;
  }
  .subtitle,
  .muted,
  .note,
  .refs {
    color: #555;
  }
  .subtitle {
    margin: 0.2rem 0 0;
  }
  .refs {
    display: grid;
    grid-template-columns: auto auto;
    gap: 0.1rem 0.6rem;
    margin: 0;
    font-size: 0.8rem;
    align-self: start;
  }
  .refs dd {
    margin: 0;
    text-align: right;
  }
  .label {
    margin: 0;
    font-size: 0.75rem;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: #555;
    font-weight: 400;
  }
  .candidate {
    margin: 0.9rem 0;
  }
  .candidate .name {
    margin: 0.1rem 0 0;
    font-size: 1.3rem;
    font-weight: 700;
  }
  .candidate .muted {
    margin: 0.1rem 0 0;
  }
  .overall {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 1.25rem;
    align-items: center;
    background: #f2f5fa;
    border-left: 6px solid var(--accent);
    padding: 0.9rem 1.25rem;
  }
  .overall h2 {
    margin: 0;
  }
  .overall .level {
    margin: 0;
    font-size: 3rem;
    line-height: 1;
    font-weight: 700;
    color: var(--accent);
  }
  .global {
    margin: 0;
    font-size: 0.9rem;
  }
  .target {
    margin: 0;
    min-width: 9rem;
  }
  .target dt {
    font-size: 0.75rem;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: #555;
  }
  .target dd {
    margin: 0.15rem 0 0;
  }
  .target-level {
    font-size: 1.3rem;
    font-weight: 700;
  }
  .reached {
    color: var(--cadre-success, #0a6b2d);
    font-weight: 700;
  }
  .missed {
    color: var(--cadre-danger, #a4161a);
    font-weight: 700;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-top: 1.25rem;
    font-size: 0.9rem;
  }
  caption {
    text-align: left;
    font-weight: 700;
    color: var(--accent);
    padding-bottom: 0.4rem;
    font-size: 1.05rem;
  }
  thead th {
    font-size: 0.72rem;
    letter-spacing: 0.05em;
    text-transform: uppercase;
    color: #555;
    font-weight: 400;
    text-align: left;
    padding: 0.3rem 0.5rem 0.3rem 0;
  }
  tbody th,
  tbody td {
    border-top: 1px solid var(--cadre-border, #c4c4c4);
    padding: 0.5rem 0.75rem 0.5rem 0;
    vertical-align: top;
    text-align: left;
  }
  tbody tr:last-child th,
  tbody tr:last-child td {
    border-bottom: 1px solid var(--cadre-border, #c4c4c4);
  }
  tbody th {
    width: 30%;
  }
  .lvl {
    width: 18%;
  }
  .level-chip {
    display: block;
    font-size: 1.15rem;
    font-weight: 700;
    color: var(--accent);
  }
  .note {
    display: block;
    font-size: 0.72rem;
  }
  .pending {
    border: 1px solid var(--cadre-border, #c4c4c4);
    padding: 0.75rem 1rem;
  }
  .invalidated {
    border: 2px solid var(--cadre-danger, #a4161a);
    color: var(--cadre-danger, #a4161a);
    padding: 0.5rem 1rem;
  }
  .invalidated p + p {
    color: var(--cadre-text, #1a1a1a);
  }
  .share label {
    font-weight: 600;
  }
  .share .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
    margin: 0.3rem 0 0.6rem;
  }
  .share input {
    flex: 1 1 20rem;
    font: inherit;
    padding: 0.4rem 0.5rem;
    border: 1px solid #767676;
    border-radius: 4px;
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    padding: 0.45rem 1rem;
    border-radius: var(--cadre-radius, 8px);
    border: 2px solid var(--accent);
    background: var(--accent);
    color: #fff;
    cursor: pointer;
    text-decoration: none;
    display: inline-block;
  }
  .button.secondary {
    background: #fff;
    color: var(--accent);
    margin-left: 0.5rem;
  }
  .copied {
    color: var(--cadre-success, #0a6b2d);
    font-size: 0.85rem;
  }
  footer {
    display: flex;
    justify-content: space-between;
    gap: 1.5rem;
    align-items: flex-end;
    border-top: 1px solid var(--cadre-border, #c4c4c4);
    margin-top: 1.5rem;
    padding-top: 0.75rem;
    font-size: 0.82rem;
  }
  footer p {
    margin: 0.2rem 0;
  }
  .qr {
    flex: none;
  }
  :focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  @media (max-width: 40rem) {
    article {
      padding: 1rem;
    }
    .overall {
      grid-template-columns: 1fr;
    }
  }
  @media print {
    article {
      border: none;
    }
    .share button,
    .share .button {
      display: none;
    }
  }
`;
