import { CadreReviewQueue } from './review-queue.component.js';

export { CadreReviewQueue };
if (!customElements.get('cadre-review-queue')) customElements.define('cadre-review-queue', CadreReviewQueue);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-review-queue': CadreReviewQueue;
  }
}
