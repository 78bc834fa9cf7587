import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { COUNTRY_CODES } from '../../server/domain/candidate/countries.js';
// The shapes the server answers with (type-only: nothing of the server reaches the bundle).
import type { PersonalDetails, PersonalDetailsView } from '../../server/domain/candidate/personal-details.js';
import { ApiError } from '../api/client.js';
import { CadreElement } from '../shared/cadre-element.js';
import { styles } from './personal-details.styles.js';

type Field = keyof PersonalDetails | 'certified';
type Values = Record<Exclude<Field, 'certified'>, string> & { certified: boolean };

declare global {
  interface HTMLElementEventMap {
    'cadre-personal-details-saved': CustomEvent<{ details: PersonalDetailsView['details'] }>;
  }
}

/** GET /api/candidate/personal-details. */
export type PersonalDetailsAnswer = PersonalDetailsView & { prefill: { email: string | null } };

const TEXT_FIELDS: { name: Exclude<Field, 'sex' | 'certified' | 'birthCountry'>; type: string; required: boolean; autocomplete: string }[] = [
  { name: 'birthName', type: 'text', required: true, autocomplete: 'family-name' },
  { name: 'usageName', type: 'text', required: false, autocomplete: 'off' },
  { name: 'firstNames', type: 'text', required: true, autocomplete: 'given-name' },
  { name: 'birthDate', type: 'date', required: true, autocomplete: 'bday' },
];
const CONTACT_FIELDS: { name: 'email' | 'phone' | 'postalAddress' | 'cpfDossierNumber'; type: string; required: boolean; autocomplete: string }[] = [
  { name: 'email', type: 'email', required: true, autocomplete: 'email' },
  { name: 'phone', type: 'tel', required: false, autocomplete: 'tel' },
  { name: 'postalAddress', type: 'textarea', required: false, autocomplete: 'street-address' },
  { name: 'cpfDossierNumber', type: 'text', required: false, autocomplete: 'off' },
];
/** Field name → the label's translation id. */
const label = (f: Field) => `details:${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function valuesOf(answer: PersonalDetailsAnswer): Values {
  const d = answer.details;
  return {
    sex: d?.sex ?? '',
    birthName: d?.birthName ?? '',
    usageName: d?.usageName ?? '',
    firstNames: d?.firstNames ?? '',
    birthDate: d?.birthDate ?? '',
    birthCountry: d?.birthCountry ?? 'FR',
    birthCity: d?.birthCity ?? '',
    birthDepartment: d?.birthDepartment ?? '',
    email: d?.email ?? answer.prefill.email ?? '',
    phone: d?.phone ?? '',
    postalAddress: d?.postalAddress ?? '',
    cpfDossierNumber: d?.cpfDossierNumber ?? '',
    certified: false,
  };
}

/**
 * The candidate's personal-details form (issue 15): what a French certifier transmits to the CPF,
 * asked before the written test. The server validates; each of its field errors is shown under
 * its field (aria-invalid, aria-describedby) with a summary read out first, and the keyboard
 * goes to the first wrong field. Once the sitting has started the details are shown read-only.
 *
 * @summary The candidate's personal details for the CPF, asked before the written test.
 * @tagname cadre-personal-details
 * @fires cadre-personal-details-saved - detail: { details }, when the server stored the form
 * @cssprop --cadre-accent - colour of the save button
 * @cssprop --cadre-danger - colour of the field errors
 */
export class CadrePersonalDetails extends CadreElement {
  static override styles = styles;

  /** Address of the personal-details API (GET reads the form, PUT stores it). */
  @property() api = '/api/candidate/personal-details';
  /** Inside the exam: the button says "Save and continue". */
  @property({ type: Boolean, attribute: 'in-exam' }) inExam = false;

  @state() private answer: PersonalDetailsAnswer | undefined;
  @state() private values: Values | undefined;
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private message = '';
  @state() private failed = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** The server also reads the language from `lang=` (as before the shared client). */
  private get query() {
    return { lang: this.locale };
  }

  private async load(): Promise<void> {
    try {
      this.answer = await this.client(this.api).get<PersonalDetailsAnswer>('', this.query);
      this.values = valuesOf(this.answer);
      this.failed = '';
    } catch {
      this.failed = this.t('details:load-failed');
    }
  }

  private set(name: Field, value: string | boolean): void {
    this.values = { ...this.values!, [name]: value };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.values) return;
    this.busy = true;
    this.message = '';
    try {
      const data = await this.client(this.api).put<PersonalDetailsView>('', this.values, this.query);
      this.errors = {};
      this.answer = { ...this.answer!, ...data };
      this.values = { ...valuesOf(this.answer), certified: true };
      this.message = this.t('details:saved');
      this.emit('cadre-personal-details-saved', { details: data.details });
    } catch (error) {
      // Only the server's own answers are shown; anything else reads as a network failure.
      const server = error instanceof ApiError && error.status > 0 && error.id !== 'error:internal' ? error : undefined;
      if (server?.status === 409) {
        // The sitting started meanwhile: show what is stored, read-only, with the server's reason.
        this.failed = server.message;
        await this.load();
        this.failed = '';
        this.message = server.message;
        return;
      }
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of server?.issues ?? []) errors[issue.path as Field] ??= issue.message;
      this.errors = errors;
      this.message = server && server.issues.length > 0 ? '' : (server?.message ?? this.t('exam:network-error'));
      await this.updateComplete;
      // The keyboard goes to the first field to correct (the summary is read out by its alert role).
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    } finally {
      this.busy = false;
    }
  }

  private describedBy(name: Field, hint = false): string {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  }

  private error(name: Field): TemplateResult | typeof nothing {
    return this.errors[name] ? html`<p class="error" id="${name}-error">${this.errors[name]}</p>` : nothing;
  }

  private labelFor(name: Field, required: boolean): TemplateResult {
    return html`<label for=${name}>${this.t(label(name))}${required ? html` <span aria-hidden="true">*</span>` : nothing}</label>`;
  }

  private input(f: { name: Exclude<Field, 'certified' | 'sex'>; type: string; required: boolean; autocomplete: string }, hint?: string): TemplateResult {
    const v = this.values!;
    const common = {
      invalid: this.errors[f.name] ? 'true' : 'false',
      describedBy: this.describedBy(f.name, hint !== undefined),
    };
    const onInput = (e: Event) => this.set(f.name, (e.target as HTMLInputElement).value);
    return html`<div>
      ${this.labelFor(f.name, f.required)}
      ${
        f.type === 'textarea'
          ? html`<textarea id=${f.name} name=${f.name} rows="2" autocomplete=${f.autocomplete} aria-invalid=${common.invalid} aria-describedby=${common.describedBy || nothing} .value=${v[f.name]} @input=${onInput}></textarea>`
          : html`<input
            id=${f.name}
            name=${f.name}
            type=${f.type}
            autocomplete=${f.autocomplete}
            ?required=${f.required}
            aria-invalid=${common.invalid}
            aria-describedby=${common.describedBy || nothing}
            .value=${v[f.name]}
            @input=${onInput}
          />`
      }
      ${hint ? html`<p class="hint" id="${f.name}-hint">${hint}</p>` : nothing} ${this.error(f.name)}
    </div>`;
  }

  private countries(): TemplateResult[] {
    const names = new Intl.DisplayNames([this.locale], { type: 'region' });
    return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, this.locale))
      .map(({ code, name }) => html`<option value=${code} ?selected=${this.values!.birthCountry === code}>${name}</option>`);
  }

  private readOnly(): TemplateResult {
    const l = this.locale;
    const d = this.answer!.details;
    const country = (code: string) => new Intl.DisplayNames([l], { type: 'region' }).of(code) ?? code;
    const rows: [Field, string | null][] = d
      ? [
          ['sex', this.t(`details:sex-${d.sex}`)],
          ['birthName', d.birthName],
          ['usageName', d.usageName],
          ['firstNames', d.firstNames],
          ['birthDate', new Date(`${d.birthDate}T00:00:00Z`).toLocaleDateString(l === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'UTC' })],
          ['birthCity', d.birthCity],
          ['birthDepartment', d.birthDepartment],
          ['birthCountry', country(d.birthCountry)],
          ['email', d.email],
          ['phone', d.phone],
          ['postalAddress', d.postalAddress],
          ['cpfDossierNumber', d.cpfDossierNumber],
        ]
      : [];
    return html`<h2>${this.t('details:title')}</h2>
      <p role="note">${this.t('details:locked-note')}</p>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      <dl>
        ${rows.filter(([, v]) => v).map(([f, v]) => html`<dt>${this.t(label(f))}</dt><dd>${v}</dd>`)}
      </dl>`;
  }

  override render() {
    if (this.failed) return html`<p role="alert">${this.failed}</p>`;
    if (!this.answer || !this.values) return html`<p role="status">${this.t('exam:loading')}</p>`;
    if (this.answer.locked) return this.readOnly();
    const v = this.values;
    const count = Object.keys(this.errors).length;
    return html`<h2>${this.t('details:title')}</h2>
      <p>${this.t('details:intro')}</p>
      <p class="hint">${this.t('details:required-hint')}</p>
      <div role="alert">${count > 0 ? html`<p class="summary">${this.t('details:errors-summary', { count })}</p>` : nothing}</div>
      <form novalidate @submit=${(e: Event) => this.submit(e)}>
        <fieldset aria-describedby=${this.describedBy('sex') || nothing}>
          <legend>${this.t('details:sex')} <span aria-hidden="true">*</span></legend>
          ${(['F', 'M'] as const).map(
            (s) => html`<label class="choice"
              ><input type="radio" name="sex" value=${s} .checked=${v.sex === s} aria-invalid=${this.errors.sex ? 'true' : 'false'} @change=${() => this.set('sex', s)} />
              ${this.t(`details:sex-${s}`)}</label
            >`,
          )}
          ${this.error('sex')}
        </fieldset>
        ${TEXT_FIELDS.map((f) => this.input(f))}
        <div>
          ${this.labelFor('birthCountry', true)}
          <select
            id="birthCountry"
            name="birthCountry"
            required
            aria-invalid=${this.errors.birthCountry ? 'true' : 'false'}
            aria-describedby=${this.describedBy('birthCountry') || nothing}
            @change=${(e: Event) => this.set('birthCountry', (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${v.birthCountry === ''}>${this.t('details:choose')}</option>
            ${this.countries()}
          </select>
          ${this.error('birthCountry')}
        </div>
        ${this.input({ name: 'birthCity', type: 'text', required: true, autocomplete: 'off' })}
        ${v.birthCountry === 'FR' ? this.input({ name: 'birthDepartment', type: 'text', required: true, autocomplete: 'off' }, this.t('details:birth-department-hint')) : nothing}
        ${CONTACT_FIELDS.map((f) => this.input(f))}
        <div>
          <label class="certify"
            ><input
              type="checkbox"
              id="certified"
              name="certified"
              .checked=${v.certified}
              aria-invalid=${this.errors.certified ? 'true' : 'false'}
              aria-describedby=${this.describedBy('certified') || nothing}
              @change=${(e: Event) => this.set('certified', (e.target as HTMLInputElement).checked)}
            />
            <span>${this.t('details:certified')} <span aria-hidden="true">*</span></span></label
          >
          ${this.error('certified')}
        </div>
        <p role="status" class="ok">${this.message}</p>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.t(this.inExam ? 'details:save-continue' : 'details:save')}</button>
        </div>
      </form>`;
  }
}
