/**
 * The dashboard as a spreadsheet. Choices, for the spreadsheets instructors actually open:
 * - UTF-8 with a byte order mark, so Excel reads accented names right;
 * - semicolons between fields: French Excel (the default locale of Cadre's users) uses the comma
 *   as the decimal separator and expects ';' in a CSV; LibreOffice and Google Sheets detect it;
 * - every text field in double quotes (quotes doubled inside), CRLF line ends (RFC 4180);
 * - a text that starts with = + - @ (or a tab or CR) gets a leading apostrophe, so a name like
 *   "=HYPERLINK(…)" coming from the LMS is shown, not run, by the spreadsheet (CSV injection);
 * - numbers are integers (extra time in percent, not a 1.25 multiplier) so no decimal separator
 *   is needed, whatever the spreadsheet's locale.
 */
import { SKILLS } from '../cefr.js';
import type { Dashboard, DashboardRow } from './dashboard.js';

export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

function quote(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : quote(value);
}

/** A CSV document (BOM included) from its rows, the header first: the one writer of Cadre's CSV exports. */
export function csvDocument(rows: readonly (readonly Cell[])[]): string {
  return BOM + rows.map((r) => r.map(cell).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}

/** Column headers and state names in the reader's language (given by the caller). */
export interface CsvLabels {
  header(column: string): string;
  state(state: DashboardRow['state']): string;
}

export const CSV_COLUMNS = [
  'name',
  'email',
  'lms-user-id',
  'state',
  'answered',
  'oral-at',
  'overall',
  ...SKILLS,
  'oral',
  'flags',
  'extra-time-percent',
  'proctoring-exemption',
  'result-url',
] as const;

/** The CSV text (BOM included) of a dashboard; `baseUrl` makes the result links absolute. */
export function dashboardCsv(dashboard: Dashboard, labels: CsvLabels, baseUrl: string): string {
  const lines: Cell[][] = [CSV_COLUMNS.map((c) => labels.header(c))];
  for (const r of dashboard.candidates) {
    const values: Cell[] = [
      r.name,
      r.email,
      r.lmsUserId,
      labels.state(r.state),
      r.answered,
      r.oralAt,
      r.levels?.overall ?? null,
      ...SKILLS.map((s) => r.levels?.written[s] ?? null),
      r.levels?.oral ?? null,
      r.flags,
      Math.round(((r.accommodation?.timeMultiplier ?? dashboard.activity.defaultTimeMultiplier) - 1) * 100),
      r.accommodation?.proctoringExemption ?? null,
      r.resultUrl ? `${baseUrl}${r.resultUrl}` : null,
    ];
    lines.push(values);
  }
  return csvDocument(lines);
}
