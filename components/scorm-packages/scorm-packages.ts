import { CadreScormPackages } from './scorm-packages.component.js';

export { CadreScormPackages };
if (!customElements.get('cadre-scorm-packages')) customElements.define('cadre-scorm-packages', CadreScormPackages);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-scorm-packages': CadreScormPackages;
  }
}
