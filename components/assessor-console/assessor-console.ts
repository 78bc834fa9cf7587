import { CadreAssessorConsole } from './assessor-console.component.js';

export { CadreAssessorConsole };
if (!customElements.get('cadre-assessor-console')) customElements.define('cadre-assessor-console', CadreAssessorConsole);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-assessor-console': CadreAssessorConsole;
  }
}
