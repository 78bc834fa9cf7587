import { CadreOralRoomAssessor } from './oral-room-assessor.component.js';

export { CadreOralRoomAssessor };
if (!customElements.get('cadre-oral-room-assessor')) customElements.define('cadre-oral-room-assessor', CadreOralRoomAssessor);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-oral-room-assessor': CadreOralRoomAssessor;
  }
}
