import { css } from 'lit';
import { styles as examStyles } from '../exam/exam.styles.js';

/** The exam shell's look (header, time bar, actions), plus the right/wrong feedback. */
export const styles = [
  examStyles,
  css`
    .feedback {
      border-left: 4px solid;
      padding: 0.5rem 1rem;
      margin: 1rem 0;
    }
    .feedback.right {
      border-color: var(--cadre-timer-green, #1e8e3e);
    }
    .feedback.wrong {
      border-color: var(--cadre-danger, #a4161a);
    }
    .feedback strong {
      display: block;
      font-size: 1.1rem;
    }
    #item[aria-disabled='true'] {
      pointer-events: none;
      opacity: 0.85;
    }
    :focus-visible {
      outline: 3px solid var(--cadre-accent, #1d4f91);
      outline-offset: 2px;
    }
    .badge {
      font-weight: normal;
    }
  `,
];
