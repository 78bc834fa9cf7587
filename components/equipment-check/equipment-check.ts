import { CadreEquipmentCheck } from './equipment-check.component.js';

export { CadreEquipmentCheck };
if (!customElements.get('cadre-equipment-check')) customElements.define('cadre-equipment-check', CadreEquipmentCheck);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-equipment-check': CadreEquipmentCheck;
  }
}
