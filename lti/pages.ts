import { translate, type Locale } from '../server/i18n.js';
import { html, type Html } from '../server/http/html.js';
import { LEVELS } from '../server/domain/cefr.js';
import { LANGUAGES, type ActivitySettings } from './launch.js';
import type { CadreRole } from './roles.js';
import type { toolUrls } from './registration.js';

/**
 * Bodies of the server-rendered LTI pages (routes wrap them in the shared page shell). The
 * candidate home, exam and instructor dashboard host the web components that do the work.
 */

type T = (id: string, params?: Record<string, string | number>) => string;
export const translator =
  (locale: Locale): T =>
  (id, params) =>
    translate(locale, id, params);

/** The candidate's home inside the LMS: the component asks the API where things stand. */
export function candidateHome(t: T, input: { name: string | null; apiUrl: string; examUrl: string; examHandoffUrl: string; locale: Locale }): Html {
  return html`<h1>${t('lti:home-title')}</h1>
<p>${t('lti:home-welcome', { name: input.name ?? '' })}</p>
<cadre-candidate-home lang="${input.locale}" api="${input.apiUrl}" exam-url="${input.examUrl}" exam-handoff="${input.examHandoffUrl}"></cadre-candidate-home>`;
}

/** The exam window (top-level). */
export function examPage(t: T, locale: Locale, input: { title: string | null; bookingUrl: string | null }): Html {
  return html`<h1>${input.title ?? t('lti:exam-title')}</h1>
<cadre-exam lang="${locale}" api="/api/sitting"${input.bookingUrl && html` booking-url="${input.bookingUrl}"`}></cadre-exam>`;
}

/**
 * The activity's dashboard for its instructors: its settings, then the candidates
 * (`cadre-instructor-dashboard`, over /api/activities/:id/dashboard), the full LMS roster page.
 */
export function instructorDashboard(
  t: T,
  input: {
    title: string | null;
    settings: ActivitySettings | undefined;
    activityId: string | null;
    locale: Locale;
    /** `s=…` when the session travels in the URL (no cookie inside the LMS frame), else ''. */
    sessionParam: string;
    rosterUrl: string;
    /** The launch session's id, when the demo course's sample-grades button is shown. */
    demoGradesSession?: string | undefined;
  },
): Html {
  const s = input.settings;
  const demo =
    input.demoGradesSession &&
    html`<form method="post" action="/lti/demo/sample-grades"><input type="hidden" name="s" value="${input.demoGradesSession}"><button type="submit">${t('lti:demo-sample-grades')}</button></form>`;
  const component =
    input.activityId &&
    html`<cadre-instructor-dashboard lang="${input.locale}" activity-id="${input.activityId}" session-param="${input.sessionParam}"></cadre-instructor-dashboard>`;
  return html`<h1>${t('lti:dashboard-title')}</h1>
<p>${input.title ?? ''}</p>
${
  s &&
  html`<ul><li>${t('lti:dl-language')} : ${s.language ? t(`lti:language-${s.language}`) : t('lti:level-any')}</li>
<li>${t('lti:dl-level')} : ${s.targetLevel ?? '—'}</li>
<li>${t('lti:dl-oral')} : ${s.oralRequired ? '✓' : '✗'}</li></ul>`
}
${component}
<p><a href="${input.rosterUrl}">${t('lti:dashboard-roster')}</a></p>
${demo}`;
}

export interface RosterRow {
  name: string;
  role: CadreRole | 'other';
  status: string;
}

export function rosterPage(t: T, title: string | null, rows: RosterRow[]): Html {
  const body = rows.map((r) => html`<tr><td>${r.name}</td><td>${t(`lti:roster-role-${r.role}`)}</td><td>${r.status}</td></tr>\n`);
  return html`<h1>${t('lti:roster-title')}</h1><p>${title ?? ''}</p>
<table><thead><tr><th scope="col">${t('lti:roster-name')}</th><th scope="col">${t('lti:roster-role')}</th><th scope="col">${t('lti:roster-status')}</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}

export function deepLinkingForm(t: T, sessionId: string, languages: readonly string[]): Html {
  const options = (values: readonly string[], label: (v: string) => string, selected: string) =>
    values.map((v) => html`<option value="${v}"${v === selected && html` selected`}>${label(v)}</option>`);
  return html`<h1>${t('lti:dl-title')}</h1>
<form method="post" action="/lti/deep-linking">
<input type="hidden" name="s" value="${sessionId}">
<input type="hidden" name="tzOffset" value="0" id="tz-offset">
<label>${t('lti:dl-language')} <select name="language">${options(
    LANGUAGES.filter((l) => languages.includes(l)),
    (v) => t(`lti:language-${v}`),
    languages[0] ?? 'en',
  )}</select></label>
<label>${t('lti:dl-level')} <select name="targetLevel">${options(LEVELS, (v) => v, 'B2')}</select></label>
<label><input type="checkbox" name="oralRequired" checked> ${t('lti:dl-oral')}</label>
<label><input type="checkbox" name="proctoring" checked> ${t('lti:dl-proctoring')}</label>
<label>${t('lti:dl-from')} <input type="datetime-local" name="availableFrom"></label>
<label>${t('lti:dl-until')} <input type="datetime-local" name="availableUntil"></label>
<label>${t('lti:dl-extra-time')} <select name="extraTimePercent">${options(['0', '25', '33', '50'], (v) => v, '0')}</select></label>
<label><input type="checkbox" name="largeText"> ${t('lti:dl-large-text')}</label>
<button type="submit">${t('lti:dl-submit')}</button>
</form>`;
}

export function adminPage(t: T, urls: ReturnType<typeof toolUrls>, counts: { count: number; active: number } | undefined): Html {
  const row = (label: string, value: string) => html`<tr><th scope="row">${label}</th><td><code>${value}</code></td></tr>`;
  return html`<h1>${t('lti:admin-title')}</h1>
<h2>${t('lti:admin-urls')}</h2>
<table>
${row('OpenID Connect login / Initiate login URL', urls.login)}
${row('Launch / Redirection URI / Target link URI', urls.launch)}
${row('Deep linking URL / Content selection URL', urls.deepLinking)}
${row('Public keyset URL (JWKS)', urls.jwks)}
${row('Dynamic registration / Tool URL', `${urls.dynamicRegistration}?token=… (${t('lti:admin-registration-url-how')})`)}
${row('Canvas JSON configuration URL', urls.canvasConfig)}
</table>
${
  counts &&
  html`<p>${t('lti:admin-platforms', counts)}</p>
<p><code>npm run platform -- list</code> · <code>npm run platform -- activate &lt;id&gt;</code></p>
<form method="post" action="/admin/lti/registration-url"><button type="submit">${t('lti:admin-registration-url-issue')}</button></form>`
}`;
}

/** A registration URL just issued to a centre admin: shown once. */
export function registrationUrlPage(t: T, issued: { url: string; expiresAt: Date }): Html {
  return html`<h1>${t('lti:admin-registration-url-issue')}</h1>
<p>${t('lti:admin-registration-url-done', { expiresAt: issued.expiresAt.toISOString().slice(0, 16).replace('T', ' ') })}</p>
<p><code>${issued.url}</code></p>
<p><a href="/admin/lti">${t('lti:admin-title')}</a></p>`;
}

/** The small script the deep linking form loads: it sends the instructor's time zone offset. */
export const FRAME_SCRIPT = `const tz = document.getElementById('tz-offset');
if (tz) tz.value = String(new Date().getTimezoneOffset());
`;
