/**
 * The certificate as an Open Badges 3.0 credential (W3C Verifiable Credentials data model 2.0),
 * and the revocation list as a W3C Bitstring Status List. Pure data: signing is vc-jwt.ts's job.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CertificationResult, Levels } from './types.js';
import { LEVELS, ORAL_CRITERIA, PART_NAMES as CEFR_PART_NAMES, SKILLS, type CefrLevel } from '../cefr.js';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The Council of Europe's global scale, which the levels refer to. */
export const CEFR_URL = 'https://www.coe.int/en/web/common-european-framework-reference-languages/table-1-cefr-3.3-common-reference-levels-global-scale';

/** 16 KiB of bits, the minimum the Bitstring Status List spec asks for (herd privacy). */
export const STATUS_LIST_SIZE = 131_072;
/** One list until it is half full (see docs/results.md); more lists would get ids 2, 3… */
export const CURRENT_STATUS_LIST = '1';

export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
  email?: string;
  description?: string;
}

/** Where things live, from the instance's public URL. */
export function certificateUrls(publicUrl: string) {
  return {
    issuer: `${publicUrl}/certificates/issuer`,
    jwks: `${publicUrl}/.well-known/jwks.json`,
    credential: (id: string) => `${publicUrl}/certificates/${id}`,
    verify: (id: string) => `${publicUrl}/verify/${id}`,
    statusList: (list: string) => `${publicUrl}/certificates/status/${list}`,
    achievement: (language: string, level: CefrLevel) => `${publicUrl}/certificates/achievements/${language}-${level}`,
  };
}

const LANGUAGE_NAMES: Record<string, { en: string; fr: string }> = {
  en: { en: 'English', fr: 'anglais' },
  fr: { en: 'French', fr: 'français' },
  de: { en: 'German', fr: 'allemand' },
  es: { en: 'Spanish', fr: 'espagnol' },
  it: { en: 'Italian', fr: 'italien' },
};

export function languageName(code: string, locale: 'fr' | 'en'): string {
  return LANGUAGE_NAMES[code]?.[locale] ?? code;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: IssuerProfile;
  name: string;
  validFrom: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: { type: 'IdentityObject'; identityType: 'name' | 'emailAddress'; hashed: boolean; identityHash: string; salt?: string }[];
    achievement: Record<string, unknown> & { id: string; name: string };
    result: { type: ['Result']; resultDescription: string; value: CefrLevel }[];
    activityEndDate: string;
  };
  credentialStatus: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: 'revocation';
    statusListIndex: string;
    statusListCredential: string;
  };
}

const RESULT_PARTS = ['overall', 'written', ...SKILLS, 'oral', ...ORAL_CRITERIA.map((c) => `oral-${c}`)] as const;
type ResultPart = (typeof RESULT_PARTS)[number];

const PART_NAMES: Record<ResultPart, string> = {
  overall: 'Overall CEFR level',
  written: 'Written part',
  ...(Object.fromEntries(SKILLS.map((s) => [s, CEFR_PART_NAMES[s].en])) as Record<(typeof SKILLS)[number], string>),
  oral: CEFR_PART_NAMES.oral.en,
  'oral-vocabulary': 'Oral: vocabulary knowledge and range',
  'oral-grammar': 'Oral: grammar and syntax',
  'oral-fluency': 'Oral: fluency',
  'oral-pronunciation': 'Oral: pronunciation and intonation',
  'oral-interaction': 'Oral: quality of interaction',
};

function resultValues(levels: Levels, oralCriteria: Record<string, CefrLevel> | null): [ResultPart, CefrLevel][] {
  const out: [ResultPart, CefrLevel][] = [
    ['overall', levels.overall],
    ['written', levels.writtenOverall],
  ];
  for (const s of SKILLS) out.push([s, levels.written[s]]);
  if (levels.oral) out.push(['oral', levels.oral]);
  if (oralCriteria) for (const c of ORAL_CRITERIA) if (oralCriteria[c]) out.push([`oral-${c}`, oralCriteria[c]]);
  return out;
}

/**
 * How the level was earned. "Proctored" only when the written part ran under webcam proctoring
 * and a person or the evidence-backed automatic check validated it (issue 16): an activity with
 * proctoring off says so instead. A result opened before this was recorded (undefined) says
 * nothing of proctoring either way.
 */
export function criteriaNarrative(level: CefrLevel, proctored: boolean | undefined): string {
  const rule = `Overall level ${level} or above: the lower of the written level (median of vocabulary, grammar, expressions, reading and listening) and the oral level`;
  if (proctored === true) return `${rule}, in one validated, proctored sitting.`;
  if (proctored === false)
    return `${rule}, in one sitting taken without proctoring: the candidate's identity and conduct during the written test were not checked.`;
  return `${rule}, in one validated sitting.`;
}

/** The unsigned credential for a released, validated result. */
export function buildCredential(input: {
  certificateId: string;
  result: CertificationResult;
  issuer: IssuerProfile;
  publicUrl: string;
  issuedAt: Date;
  statusList: string;
  statusIndex: number;
}): OpenBadgeCredential {
  const { result, issuer } = input;
  const levels = result.levels;
  if (!levels) throw new Error('a certificate needs the levels of a validated result');
  const urls = certificateUrls(input.publicUrl);
  const lang = result.activity.language;
  const langName = languageName(lang, 'en');
  const achievementId = urls.achievement(lang, levels.overall);
  const listUrl = urls.statusList(input.statusList);
  const identifier: OpenBadgeCredential['credentialSubject']['identifier'] = [];
  if (result.candidate.name) identifier.push({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: result.candidate.name });
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: urls.credential(input.certificateId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    name: `${langName} — CEFR ${levels.overall}`,
    validFrom: input.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier,
      activityEndDate: result.releasedAt ?? input.issuedAt.toISOString(),
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${langName} language certificate, CEFR level ${levels.overall}`,
        description: `Certifies a command of ${langName} at level ${levels.overall} of the Common European Framework of Reference for Languages, assessed by an adaptive written test of five skills and, where required, an oral interview with an assessor.`,
        criteria: { narrative: criteriaNarrative(levels.overall, result.activity.proctored as boolean | undefined) },
        inLanguage: 'en',
        tag: ['CEFR', lang, levels.overall],
        alignment: [
          {
            type: ['Alignment'],
            targetName: `CEFR ${levels.overall}`,
            targetUrl: CEFR_URL,
            targetFramework: 'Common European Framework of Reference for Languages',
            targetCode: levels.overall,
          },
        ],
        resultDescription: RESULT_PARTS.map((p) => ({
          id: `${achievementId}#${p}`,
          type: ['ResultDescription'],
          name: PART_NAMES[p],
          resultType: 'RubricCriterionLevel',
          allowedValue: [...LEVELS],
        })),
      },
      result: resultValues(levels, result.oral?.criteria ?? null).map(([p, value]) => ({
        type: ['Result'],
        resultDescription: `${achievementId}#${p}`,
        value,
      })),
    },
    credentialStatus: {
      id: `${listUrl}#${input.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusIndex),
      statusListCredential: listUrl,
    },
  };
}

/** Reads back the levels a credential carries, by result part. */
export function credentialLevels(credential: OpenBadgeCredential): Partial<Record<ResultPart, CefrLevel>> {
  const out: Partial<Record<ResultPart, CefrLevel>> = {};
  for (const r of credential.credentialSubject?.result ?? []) {
    const part = r.resultDescription.split('#').pop() as ResultPart;
    if (RESULT_PARTS.includes(part)) out[part] = r.value;
  }
  return out;
}

// --- Bitstring Status List -----------------------------------------------------------------

/** GZIP-compressed, base64url-encoded with the multibase prefix "u", index 0 the left-most bit. */
export function encodeStatusList(setIndexes: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bytes = new Uint8Array(size / 8);
  for (const i of setIndexes) {
    if (i < 0 || i >= size) throw new RangeError(`status index ${i} outside the list`);
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('status list: not a base64url multibase string');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bytes.length * 8) throw new RangeError(`status index ${index} outside the list`);
  return (bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

export function buildStatusListCredential(input: { issuer: IssuerProfile; publicUrl: string; list: string; revokedIndexes: Iterable<number>; now: Date }) {
  const url = certificateUrls(input.publicUrl).statusList(input.list);
  return {
    '@context': [VC_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer.id,
    validFrom: input.now.toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(input.revokedIndexes) },
  };
}
