import { css } from 'lit';
import { itemStyles } from '../shared/item.styles.js';

export const styles = [
  itemStyles,
  css`
    cadre-audio-player {
      margin: 0 0 1.25rem;
    }
  `,
];
