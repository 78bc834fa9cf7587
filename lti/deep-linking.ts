import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { CLAIM, MESSAGE_TYPE } from './claims.js';
import { LEVELS, SCORE_MAXIMUM } from '../server/domain/cefr.js';
import { translate, type Locale } from '../server/i18n.js';
import { CUSTOM, LANGUAGES } from './launch.js';
import type { Platform } from './platforms.js';
import type { ToolKeys } from './tool-keys.js';

/** The instructor's deep linking choices, as posted by the form. */
export const deepLinkingFormSchema = z
  .object({
    language: z.enum(LANGUAGES),
    targetLevel: z.enum(LEVELS),
    oralRequired: z.literal('on').optional(),
    proctoring: z.literal('on').optional(),
    availableFrom: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)]).optional(),
    availableUntil: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)]).optional(),
    /** The browser's offset in minutes (Date#getTimezoneOffset), to read the local times it sent. */
    tzOffset: z.coerce.number().int().min(-840).max(840).default(0),
    extraTimePercent: z.coerce.number().int().min(0).max(100).default(0),
    largeText: z.literal('on').optional(),
  })
  .refine((f) => !f.availableFrom || !f.availableUntil || f.availableFrom < f.availableUntil, { path: ['availableUntil'], message: 'must be after the start' });

export type DeepLinkingForm = z.infer<typeof deepLinkingFormSchema>;

function toUtc(local: string | undefined, tzOffset: number): string | undefined {
  if (!local) return undefined;
  return new Date(Date.parse(`${local}:00Z`) + tzOffset * 60_000).toISOString();
}

/**
 * The LtiResourceLink content item: settings as custom parameters, and the overall line item. Its
 * title, the activity's name in the LMS, is in the language of the teacher who adds it.
 */
export function contentItem(form: DeepLinkingForm, launchUrl: string, locale: Locale): Record<string, unknown> {
  const from = toUtc(form.availableFrom, form.tzOffset);
  const until = toUtc(form.availableUntil, form.tzOffset);
  const custom: Record<string, string> = {
    [CUSTOM.language]: form.language,
    [CUSTOM.targetLevel]: form.targetLevel,
    [CUSTOM.oralRequired]: form.oralRequired ? 'true' : 'false',
    [CUSTOM.proctoring]: form.proctoring ? 'true' : 'false',
    [CUSTOM.accommodations]: JSON.stringify({ extraTimePercent: form.extraTimePercent, largeText: form.largeText === 'on' }),
  };
  if (from) custom[CUSTOM.availableFrom] = from;
  if (until) custom[CUSTOM.availableUntil] = until;
  const title = translate(locale, 'lti:dl-activity-title', { language: translate(locale, `lti:language-${form.language}`), level: form.targetLevel });
  return {
    type: 'ltiResourceLink',
    title,
    url: launchUrl,
    custom,
    // The activity's own column, named after it (Moodle names it after the activity anyway).
    lineItem: { scoreMaximum: SCORE_MAXIMUM, label: title, tag: 'overall', resourceId: 'cadre-certification' },
    ...(from || until ? { available: { ...(from ? { startDateTime: from } : {}), ...(until ? { endDateTime: until } : {}) } } : {}),
    window: { targetName: '_blank' },
  };
}

/** Signs the LtiDeepLinkingResponse with the tool key for this platform (random nonce, 5 minutes). */
export async function signDeepLinkingResponse(
  toolKeys: ToolKeys,
  clock: Clock,
  platform: Platform,
  deploymentId: string,
  data: string | undefined,
  items: Record<string, unknown>[],
  locale: Locale,
): Promise<string> {
  const signing = await toolKeys.signingKey(platform.id);
  if (!signing) throw new Error('no tool key for this platform');
  const now = Math.floor(clock.now().getTime() / 1000);
  return new SignJWT({
    nonce: randomBytes(16).toString('base64url'),
    [CLAIM.deploymentId]: deploymentId,
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    [CLAIM.version]: '1.3.0',
    [CLAIM.dlContentItems]: items,
    [CLAIM.dlMsg]: translate(locale, 'lti:dl-added'),
    ...(data !== undefined ? { [CLAIM.dlData]: data } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(signing.key);
}
