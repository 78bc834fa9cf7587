/**
 * The candidate's personal details, asked for before the written test (the candidate guide:
 * "avant de prendre part à l'évaluation écrite, nous allons avoir besoin de quelques
 * informations"). A French certifier must transmit the holders of its certifications to the
 * Caisse des Dépôts (the CPF information system, arrêté of 21 May 2021), so the set follows what
 * that transmission asks of a holder: civil-status sex, birth name and usage name, first names,
 * date and place of birth (city, country, and the département for someone born in France), an
 * e-mail, and optionally a phone, a postal address and the CPF file number (EDOF dossier) when the
 * training was paid with the CPF. See docs/privacy.md for what is kept and for how long.
 *
 * One record per candidate and activity (the sitting's owner). The candidate may edit it until
 * the sitting starts (its first item); then it is what the certificate and the transmission use.
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { isCountryCode } from './countries.js';

export const SEXES = ['F', 'M'] as const;

export interface PersonalDetails {
  /** Civil-status sex, as the CPF record has it (F or M). */
  sex: (typeof SEXES)[number];
  /** Birth name, as on the ID. */
  birthName: string;
  /** Usage name (e.g. a spouse's name), if any. */
  usageName: string | null;
  /** First names in the order of the ID. */
  firstNames: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** ISO 3166-1 alpha-2. */
  birthCountry: string;
  birthCity: string;
  /** French département code (01–95, 2A, 2B, 971–976) when born in France, else null. */
  birthDepartment: string | null;
  email: string;
  phone: string | null;
  postalAddress: string | null;
  /** The CPF file (EDOF dossier) number, when the training was financed by the CPF. */
  cpfDossierNumber: string | null;
}

export interface StoredPersonalDetails extends PersonalDetails {
  createdAt: string;
  updatedAt: string;
}

export interface DetailsOwner {
  activityId: string;
  userId: string;
}

/** A line of the centre's export: the details with who they belong to in the LMS. */
export interface PersonalDetailsExportRow extends StoredPersonalDetails {
  activityId: string;
  activityTitle: string | null;
  userId: string;
  /** The LMS's user id (the launch's `sub`). */
  lmsUserId: string;
}

export interface PersonalDetailsRepository {
  get(owner: DetailsOwner): Promise<StoredPersonalDetails | undefined>;
  /** Creates or replaces the record (its creation time is kept). */
  put(owner: DetailsOwner, details: PersonalDetails, now: Date): Promise<StoredPersonalDetails>;
  /** Every record, of one activity or of all, ordered by birth name then first names. */
  list(activityId?: string): Promise<PersonalDetailsExportRow[]>;
}

/**
 * Error messages are translation ids (server/translations): the route translates them into the
 * reader's language, and the form shows each one next to its field.
 */
const E = {
  required: 'details:error:required',
  tooLong: 'details:error:too-long',
  name: 'details:error:name',
  sex: 'details:error:sex',
  date: 'details:error:date',
  future: 'details:error:date-future',
  tooOld: 'details:error:date-too-old',
  country: 'details:error:country',
  department: 'details:error:department',
  departmentRequired: 'details:error:department-required',
  email: 'details:error:email',
  phone: 'details:error:phone',
  dossier: 'details:error:dossier',
  certify: 'details:error:certify',
} as const;

/** Letters of any script, with the spaces, hyphens, apostrophes and dots names use. */
const NAME = /^\p{L}[\p{L}\p{M}' .’-]*$/u;
const DEPARTMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d .()-]{6,25}$/;
const DOSSIER = /^[\dA-Za-z-]{5,30}$/;

// `abort` keeps one message per field: the first problem found.
const required = (max: number) => z.string({ error: E.required }).trim().min(1, { error: E.required, abort: true }).max(max, { error: E.tooLong, abort: true });
/** An optional text: absent, null or blank is null. */
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (v == null || (typeof v === 'string' && v.trim() === '') ? null : v), schema.nullable());
const nameField = (max = 100) => required(max).regex(NAME, E.name);

function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The form as the candidate sends it; `today` (YYYY-MM-DD) bounds the date of birth. */
export function personalDetailsInput(today: string) {
  return z
    .object({
      sex: z.enum(SEXES, { error: E.sex }),
      birthName: nameField(),
      usageName: optional(nameField()),
      firstNames: nameField(150),
      birthDate: z
        .string({ error: E.required })
        .trim()
        .min(1, { error: E.required, abort: true })
        .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v), { error: E.date, abort: true })
        .refine((v) => v <= today, E.future)
        .refine((v) => v >= '1900-01-01', E.tooOld),
      birthCountry: z
        .string({ error: E.country })
        .trim()
        .toUpperCase()
        .refine((v) => isCountryCode(v), E.country),
      birthCity: required(100),
      birthDepartment: optional(z.string().trim().toUpperCase().regex(DEPARTMENT, E.department)),
      email: required(254).regex(EMAIL, E.email),
      phone: optional(
        z
          .string()
          .trim()
          .regex(PHONE, { error: E.phone, abort: true })
          .refine((v) => v.replace(/\D/g, '').length >= 6, E.phone),
      ),
      postalAddress: optional(z.string().trim().max(300, E.tooLong)),
      cpfDossierNumber: optional(z.string().trim().regex(DOSSIER, E.dossier)),
      /** "I certify that these details are those of my identity document." */
      certified: z.literal(true, { error: E.certify }),
    })
    .superRefine((d, ctx) => {
      if (d.birthCountry === 'FR' && !d.birthDepartment) ctx.addIssue({ code: 'custom', path: ['birthDepartment'], message: E.departmentRequired });
    })
    .transform(({ certified: _certified, ...d }): PersonalDetails => ({ ...d, birthDepartment: d.birthCountry === 'FR' ? d.birthDepartment : null }));
}

export interface PersonalDetailsDeps {
  repo: PersonalDetailsRepository;
  /** Whether the candidate's sitting has started (its first item was served): the details are then locked. */
  sittingStarted(owner: DetailsOwner): Promise<boolean>;
  clock: { now(): Date };
}

/** What the form shows: the stored details (if any) and whether they may still change. */
export interface PersonalDetailsView {
  details: StoredPersonalDetails | null;
  locked: boolean;
}

export class PersonalDetailsService {
  constructor(private readonly deps: PersonalDetailsDeps) {}

  async view(owner: DetailsOwner): Promise<PersonalDetailsView> {
    const [details, locked] = await Promise.all([this.deps.repo.get(owner), this.deps.sittingStarted(owner)]);
    return { details: details ?? null, locked };
  }

  /** Stores the candidate's details (already validated at the edge); 409 once the sitting started. */
  async save(owner: DetailsOwner, details: PersonalDetails): Promise<PersonalDetailsView> {
    if (await this.deps.sittingStarted(owner)) throw new AppError('details:locked', {}, 409);
    return { details: await this.deps.repo.put(owner, details, this.deps.clock.now()), locked: false };
  }

  /** Whether the written test may start: the details are there. */
  async complete(owner: DetailsOwner): Promise<boolean> {
    return (await this.deps.repo.get(owner)) !== undefined;
  }

  /** The centre's export: one activity's candidates, or every activity's for a centre admin. */
  list(activityId?: string): Promise<PersonalDetailsExportRow[]> {
    return this.deps.repo.list(activityId);
  }
}

/** The export's columns, in order (headers are translated: `details:col:<column>`). */
export const EXPORT_COLUMNS = [
  'activity',
  'lms-user-id',
  'sex',
  'birth-name',
  'usage-name',
  'first-names',
  'birth-date',
  'birth-city',
  'birth-department',
  'birth-country',
  'email',
  'phone',
  'postal-address',
  'cpf-dossier-number',
  'updated-at',
] as const;

export function exportValues(r: PersonalDetailsExportRow): (string | null)[] {
  return [
    r.activityTitle ?? r.activityId,
    r.lmsUserId,
    r.sex,
    r.birthName,
    r.usageName,
    r.firstNames,
    r.birthDate,
    r.birthCity,
    r.birthDepartment,
    r.birthCountry,
    r.email,
    r.phone,
    r.postalAddress,
    r.cpfDossierNumber,
    r.updatedAt,
  ];
}
