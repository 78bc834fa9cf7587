import { CadreAudioPlayer } from './audio-player.component.js';

export { CadreAudioPlayer };
if (!customElements.get('cadre-audio-player')) customElements.define('cadre-audio-player', CadreAudioPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-audio-player': CadreAudioPlayer;
  }
}
