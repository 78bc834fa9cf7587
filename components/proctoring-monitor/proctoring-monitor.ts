import { CadreProctoringMonitor } from './proctoring-monitor.component.js';

export { CadreProctoringMonitor };
if (!customElements.get('cadre-proctoring-monitor')) customElements.define('cadre-proctoring-monitor', CadreProctoringMonitor);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-proctoring-monitor': CadreProctoringMonitor;
  }
}
