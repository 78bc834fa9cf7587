import { css } from 'lit';
import { sharedStyles } from '../proctoring/shared.styles.js';

export const styles = [
  sharedStyles,
  css`
    .stage {
      position: relative;
      width: min(100%, 480px);
      aspect-ratio: 4 / 3;
      background: #222;
      border-radius: 8px;
      overflow: hidden;
      margin: 0.5rem 0;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
      transform: scaleX(-1);
    }
    [part='guide'] {
      position: absolute;
      pointer-events: none;
      border: 4px dashed rgba(255, 255, 255, 0.9);
      box-shadow: 0 0 0 999px rgba(0, 0, 0, 0.35);
    }
    .circle {
      left: 30%;
      top: 10%;
      width: 40%;
      height: 65%;
      border-radius: 50%;
    }
    .frame {
      left: 15%;
      top: 20%;
      width: 70%;
      height: 60%;
      border-radius: 12px;
    }
    .ready [part='guide'] {
      border-color: #4ade80;
      border-style: solid;
    }
    [role='status'] {
      font-weight: 600;
      min-height: 1.5em;
    }
  `,
];
