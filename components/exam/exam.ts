import { CadreExam } from './exam.component.js';

export { CadreExam };
if (!customElements.get('cadre-exam')) customElements.define('cadre-exam', CadreExam);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-exam': CadreExam;
  }
}
