import { CadreOralRoomCandidate } from './oral-room-candidate.component.js';

export { CadreOralRoomCandidate };
if (!customElements.get('cadre-oral-room-candidate')) customElements.define('cadre-oral-room-candidate', CadreOralRoomCandidate);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-oral-room-candidate': CadreOralRoomCandidate;
  }
}
