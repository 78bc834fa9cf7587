import { CadreCandidateHome } from './candidate-home.component.js';

export { CadreCandidateHome };
if (!customElements.get('cadre-candidate-home')) customElements.define('cadre-candidate-home', CadreCandidateHome);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-candidate-home': CadreCandidateHome;
  }
}
