import { css } from 'lit';
import { sharedStyles } from '../proctoring/shared.styles.js';

export const styles = [
  sharedStyles,
  css`
    ol {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      border-top: 1px solid var(--cadre-border, #c4c4c4);
      padding: 0.6rem 0;
    }
    video {
      width: 240px;
      aspect-ratio: 4 / 3;
      background: #222;
      border-radius: 6px;
      transform: scaleX(-1);
      display: block;
    }
    meter {
      width: 240px;
      height: 1.25rem;
    }
    .status {
      font-weight: 600;
    }
  `,
];
