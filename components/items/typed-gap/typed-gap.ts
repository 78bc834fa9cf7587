import { CadreItemTypedGap } from './typed-gap.component.js';

export { CadreItemTypedGap };
if (!customElements.get('cadre-item-typed-gap')) customElements.define('cadre-item-typed-gap', CadreItemTypedGap);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-typed-gap': CadreItemTypedGap;
  }
}
