import { CadreDemoTest } from './demo-test.component.js';

export { CadreDemoTest };
if (!customElements.get('cadre-demo-test')) customElements.define('cadre-demo-test', CadreDemoTest);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-demo-test': CadreDemoTest;
  }
}
