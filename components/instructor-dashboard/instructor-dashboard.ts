import { CadreInstructorDashboard } from './instructor-dashboard.component.js';

export { CadreInstructorDashboard };
if (!customElements.get('cadre-instructor-dashboard')) customElements.define('cadre-instructor-dashboard', CadreInstructorDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-instructor-dashboard': CadreInstructorDashboard;
  }
}
