import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    color: var(--cadre-text, #1a1a1a);
    font: inherit;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--cadre-border, #c4c4c4);
  }
  .counters {
    display: flex;
    gap: 1.5rem;
    font-weight: 600;
  }
  button {
    font: inherit;
    padding: 0.5rem 1rem;
    border-radius: var(--cadre-radius, 8px);
    border: 1px solid var(--cadre-accent, #1d4f91);
    background: #fff;
    color: var(--cadre-accent, #1d4f91);
    cursor: pointer;
  }
  button.primary,
  a.button.primary {
    background: var(--cadre-accent, #1d4f91);
    color: #fff;
  }
  a.button {
    display: inline-block;
    font-weight: 600;
    padding: 0.5rem 1rem;
    border-radius: var(--cadre-radius, 8px);
    text-decoration: none;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .timer-row {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0.75rem 0;
  }
  [part='countdown'] {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
    min-width: 3.5ch;
    text-align: right;
  }
  [part='timer'] {
    flex: 1;
    height: 0.75rem;
    background: #e6e6e6;
    border-radius: 999px;
    overflow: hidden;
  }
  [part='timer-fill'] {
    height: 100%;
    border-radius: 999px;
    transition: background-color 0.3s;
  }
  [data-phase='green'] [part='timer-fill'] {
    background: var(--cadre-timer-green, #1e8e3e);
  }
  [data-phase='yellow'] [part='timer-fill'] {
    background: var(--cadre-timer-yellow, #f2b705);
  }
  [data-phase='red'] [part='timer-fill'] {
    background: var(--cadre-timer-red, #c62828);
  }
  .instruction {
    font-weight: 600;
    margin: 1rem 0;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    margin-top: 1.5rem;
  }
  .panel {
    padding: 1.5rem 0;
  }
  .pause {
    font-size: 1.2rem;
    padding: 2rem 0;
    text-align: center;
  }
  [role='alert'] {
    color: var(--cadre-danger, #a4161a);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
