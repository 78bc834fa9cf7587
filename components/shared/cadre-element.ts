import { LitElement } from 'lit';
import { ApiClient, ApiError } from '../api/client.js';
import { localeOf, t, type Locale } from '../i18n.js';

/** Every Cadre event: the `cadre-` entries of HTMLElementEventMap (each component declares its own). */
export type CadreEventType = Extract<keyof HTMLElementEventMap, `cadre-${string}`>;
/** The detail an event carries (`null` for a plain signal). */
export type CadreEventDetail<K extends CadreEventType> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Outside the class, so the manifest reads each component's `@fires`, not a generic event. */
function cadreEvent(type: CadreEventType, detail: unknown, cancelable: boolean): CustomEvent {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

/** Elements on the page, re-rendered when the page's language changes. */
const connected = new Set<CadreElement>();
let pageLang: MutationObserver | undefined;

function watchPageLang(): void {
  if (pageLang) return;
  pageLang = new MutationObserver(() => connected.forEach((el) => el.requestUpdate()));
  pageLang.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/**
 * What every Cadre component shares: the interface language (its own `lang`, else the page's;
 * French unless English) with `t()` bound to it and a re-render when either changes, `emit()`
 * for its `cadre-` events, and the API client that speaks that language.
 *
 * @attr lang - interface language: `en` for English, French otherwise; the page's language when absent
 */
export abstract class CadreElement extends LitElement {
  // `lang` stays the native attribute-backed property (screen readers and :lang() see it); the
  // element only listens to it.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connected.add(this);
    watchPageLang();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /** The interface language. */
  protected get locale(): Locale {
    return localeOf(this);
  }

  /** The locale for dates and numbers (Intl). */
  protected get intlLocale(): 'en-GB' | 'fr-FR' {
    return this.locale === 'en' ? 'en-GB' : 'fr-FR';
  }

  /** A text of the translation files in the element's language. */
  protected t(id: string, params: Record<string, string | number> = {}): string {
    return t(this.locale, id, params);
  }

  /**
   * Fires a `cadre-` event: bubbling and composed (it leaves the shadow root), its detail typed by
   * the event's declaration in HTMLElementEventMap. Answers false when a listener cancelled it.
   */
  protected emit<K extends CadreEventType>(
    type: K,
    ...[detail, options]: CadreEventDetail<K> extends null
      ? [detail?: null, options?: { cancelable?: boolean }]
      : [detail: CadreEventDetail<K>, options?: { cancelable?: boolean }]
  ): boolean {
    return this.dispatchEvent(cadreEvent(type, detail ?? null, options?.cancelable ?? false));
  }

  /** An API client for `base` that asks for answers in the element's language. */
  protected client(base = '', session = ''): ApiClient {
    return new ApiClient({ base, session, lang: () => this.locale });
  }

  /** What to tell the user about a failed call: the server's message, else a generic one. */
  protected errorText(error: unknown): string {
    return error instanceof ApiError ? error.message : this.t('error:internal');
  }
}
